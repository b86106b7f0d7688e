//! Limits on failed sign-ins, per account name and per client address.
//!
//! Kept in memory by whoever serves sign-ins (the web server holds one
//! [`SignInThrottle`] for the process): a restart forgets it, which costs an
//! attacker nothing they could not get by waiting out the window. Names are
//! counted whether or not an account has them, so the limit tells nothing
//! about which names exist. IPv6 addresses count by their /64 prefix (one
//! client usually holds a whole /64).

use ficshelf_store::readers::user_name_key as name_key;
use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;

/// How many failures are allowed, and over how long.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ThrottlePolicy {
    /// Failures allowed per account name within the window.
    pub per_account: usize,
    /// Failures allowed per client address within the window.
    pub per_address: usize,
    /// Seconds a failure counts for.
    pub window: i64,
    /// The most names and addresses tracked at once; past it, the ones
    /// whose failures are oldest are forgotten first.
    pub max_tracked: usize,
}

impl Default for ThrottlePolicy {
    /// 10 failures per account and 50 per address in 15 minutes.
    fn default() -> ThrottlePolicy {
        ThrottlePolicy {
            per_account: 10,
            per_address: 50,
            window: 15 * 60,
            max_tracked: 100_000,
        }
    }
}

/// What is counted: an account name (by its key) or an address.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Subject {
    Account(String),
    Address(IpAddr),
}

/// Failed sign-ins of the last window, per name and per address.
#[derive(Debug, Default)]
pub struct SignInThrottle {
    policy: ThrottlePolicy,
    failures: HashMap<Subject, VecDeque<i64>>,
}

/// The address failures are counted under: IPv4 as it is, IPv6 by its /64.
fn address_key(address: IpAddr) -> IpAddr {
    match address {
        IpAddr::V4(_) => address,
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => IpAddr::V4(v4),
            None => {
                let mut segments = v6.segments();
                segments[4..].fill(0);
                IpAddr::V6(segments.into())
            }
        },
    }
}

impl SignInThrottle {
    /// A throttle under `policy`.
    pub fn new(policy: ThrottlePolicy) -> SignInThrottle {
        SignInThrottle {
            policy,
            failures: HashMap::new(),
        }
    }

    fn subjects(name: &str, address: IpAddr) -> [(Subject, bool); 2] {
        [
            (Subject::Account(name_key(name)), true),
            (Subject::Address(address_key(address)), false),
        ]
    }

    /// `None` when a sign-in as `name` from `address` may be tried at
    /// `now`; else the seconds until it may (check before verifying the
    /// password, so a blocked guess costs no hashing).
    pub fn retry_after(&self, name: &str, address: IpAddr, now: i64) -> Option<i64> {
        let mut wait = None;
        for (subject, is_account) in Self::subjects(name, address) {
            let limit = if is_account {
                self.policy.per_account
            } else {
                self.policy.per_address
            };
            let Some(times) = self.failures.get(&subject) else {
                continue;
            };
            let recent: Vec<i64> = times
                .iter()
                .copied()
                .filter(|&t| t > now - self.policy.window)
                .collect();
            if recent.len() >= limit {
                // Free again when enough of the counted failures age out.
                let freed_at = recent[recent.len() - limit] + self.policy.window;
                let seconds = (freed_at - now).max(1);
                wait = Some(wait.map_or(seconds, |w: i64| w.max(seconds)));
            }
        }
        wait
    }

    /// Counts a failed sign-in as `name` from `address` at `now`.
    pub fn record_failure(&mut self, name: &str, address: IpAddr, now: i64) {
        let window = self.policy.window;
        for (subject, _) in Self::subjects(name, address) {
            let times = self.failures.entry(subject).or_default();
            while times.front().is_some_and(|&t| t <= now - window) {
                times.pop_front();
            }
            times.push_back(now);
            // Nothing past the larger limit is ever needed.
            let keep = self.policy.per_account.max(self.policy.per_address).max(1);
            while times.len() > keep {
                times.pop_front();
            }
        }
        if self.failures.len() > self.policy.max_tracked {
            self.forget_oldest(now);
        }
    }

    /// A successful sign-in clears the account's failures (not the
    /// address's: one right password does not vouch for the other guesses).
    pub fn record_success(&mut self, name: &str) {
        self.failures.remove(&Subject::Account(name_key(name)));
    }

    /// Drops expired entries, then, while still over the cap, the entries
    /// whose last failure is oldest.
    fn forget_oldest(&mut self, now: i64) {
        let window = self.policy.window;
        self.failures
            .retain(|_, times| times.back().is_some_and(|&t| t > now - window));
        let excess = self.failures.len().saturating_sub(self.policy.max_tracked);
        if excess == 0 {
            return;
        }
        let mut by_age: Vec<(i64, Subject)> = self
            .failures
            .iter()
            .map(|(subject, times)| (times.back().copied().unwrap_or(i64::MIN), subject.clone()))
            .collect();
        by_age.sort_by_key(|(last, _)| *last);
        for (_, subject) in by_age.into_iter().take(excess) {
            self.failures.remove(&subject);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy() -> ThrottlePolicy {
        ThrottlePolicy {
            per_account: 3,
            per_address: 5,
            window: 100,
            max_tracked: 1000,
        }
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("address")
    }

    #[test]
    fn an_account_is_held_after_its_limit_until_failures_age_out() {
        let mut throttle = SignInThrottle::new(policy());
        for (i, address) in ["10.0.0.1", "10.0.0.2", "10.0.0.3"].into_iter().enumerate() {
            assert_eq!(throttle.retry_after("mara", ip(address), 1000), None);
            throttle.record_failure("Mara", ip(address), 1000 + i as i64);
        }
        // From any address, in any case.
        assert_eq!(throttle.retry_after("MARA", ip("10.9.9.9"), 1010), Some(90));
        assert_eq!(throttle.retry_after("wren", ip("10.9.9.9"), 1010), None);
        // The first failure ages out at 1100: one more try.
        assert_eq!(throttle.retry_after("mara", ip("10.9.9.9"), 1100), None);
    }

    #[test]
    fn an_address_is_held_whatever_names_it_tries() {
        let mut throttle = SignInThrottle::new(policy());
        for (i, name) in ["a1", "a2", "a3", "a4", "a5"].into_iter().enumerate() {
            throttle.record_failure(name, ip("192.0.2.7"), 500 + i as i64);
        }
        assert_eq!(
            throttle.retry_after("new-name", ip("192.0.2.7"), 505),
            Some(95)
        );
        assert_eq!(throttle.retry_after("new-name", ip("192.0.2.8"), 505), None);
    }

    #[test]
    fn ipv6_counts_by_its_64_prefix_and_mapped_v4_as_v4() {
        let mut throttle = SignInThrottle::new(policy());
        for i in 0..5 {
            let address = ip(&format!("2001:db8:1:2::{i}"));
            throttle.record_failure(&format!("n{i}"), address, 0);
        }
        assert!(throttle
            .retry_after("x", ip("2001:db8:1:2:ffff::1"), 1)
            .is_some());
        assert!(throttle
            .retry_after("x", ip("2001:db8:1:3::1"), 1)
            .is_none());
        assert_eq!(address_key(ip("::ffff:192.0.2.1")), ip("192.0.2.1"));
    }

    #[test]
    fn success_clears_the_account_not_the_address() {
        let mut throttle = SignInThrottle::new(policy());
        for i in 0..3 {
            throttle.record_failure("mara", ip("10.0.0.1"), i);
        }
        throttle.record_failure("other", ip("10.0.0.1"), 3);
        throttle.record_failure("other", ip("10.0.0.1"), 4);
        throttle.record_success("mara");
        assert_eq!(throttle.retry_after("mara", ip("10.0.0.2"), 5), None);
        assert!(
            throttle.retry_after("mara", ip("10.0.0.1"), 5).is_some(),
            "address still held"
        );
    }

    #[test]
    fn tracking_is_bounded() {
        let mut throttle = SignInThrottle::new(ThrottlePolicy {
            max_tracked: 10,
            ..policy()
        });
        for i in 0..100 {
            throttle.record_failure(&format!("name{i}"), ip("10.0.0.1"), i);
        }
        assert!(throttle.failures.len() <= 10, "{}", throttle.failures.len());
        // The newest are the ones kept.
        assert!(throttle
            .failures
            .contains_key(&Subject::Account("name99".into())));
    }
}

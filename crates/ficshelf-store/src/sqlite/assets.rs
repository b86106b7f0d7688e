//! Images kept with works: content-addressed rows in `assets`, linked to
//! works by `work_assets`. Unlinked images stay (the journal may bring their
//! work back) until a purge sweeps what nothing refers to.

use crate::StoreError;
use ficshelf_model::{is_asset_sha, Asset};
use rusqlite::{Connection, OptionalExtension};

/// Makes `assets` the complete set of images work `id` links, storing the
/// bytes of those not stored yet.
pub(super) fn write_links(tx: &Connection, id: i64, assets: &[Asset]) -> Result<(), StoreError> {
    if let Some(bad) = assets.iter().find(|a| !is_asset_sha(&a.sha256)) {
        return Err(StoreError::InvalidWrite {
            detail: format!("asset name {:?} is not a lowercase hex SHA-256", bad.sha256),
        });
    }
    tx.prepare_cached("DELETE FROM work_assets WHERE work_id = ?1")?
        .execute([id])?;
    let mut insert = tx.prepare_cached(
        "INSERT INTO assets (sha256, media_type, bytes) VALUES (?1, ?2, ?3)
         ON CONFLICT (sha256) DO NOTHING",
    )?;
    for asset in assets {
        insert.execute((&asset.sha256, &asset.media_type, &asset.bytes))?;
    }
    let names: Vec<String> = assets.iter().map(|a| a.sha256.clone()).collect();
    link_stored(tx, id, &names)
}

/// Links work `id` to the stored images `names` (its old links must be gone).
pub(super) fn link_stored(tx: &Connection, id: i64, names: &[String]) -> Result<(), StoreError> {
    let mut stored = tx.prepare_cached("SELECT 1 FROM assets WHERE sha256 = ?1")?;
    let mut link = tx.prepare_cached(
        "INSERT INTO work_assets (work_id, sha256) VALUES (?1, ?2)
         ON CONFLICT (work_id, sha256) DO NOTHING",
    )?;
    for name in names {
        if !stored.exists([name])? {
            return Err(StoreError::MissingAsset {
                sha256: name.clone(),
            });
        }
        link.execute((id, name))?;
    }
    Ok(())
}

/// The names of the images work `id` links, sorted.
pub(super) fn linked(conn: &Connection, id: i64) -> Result<Vec<String>, StoreError> {
    let names = conn
        .prepare_cached("SELECT sha256 FROM work_assets WHERE work_id = ?1 ORDER BY sha256")?
        .query_map([id], |row| row.get(0))?
        .collect::<Result<_, _>>()?;
    Ok(names)
}

/// The media type and bytes of image `sha256`.
pub(super) fn asset(
    conn: &Connection,
    sha256: &str,
) -> Result<Option<(String, Vec<u8>)>, StoreError> {
    Ok(conn
        .prepare_cached("SELECT media_type, bytes FROM assets WHERE sha256 = ?1")?
        .query_row([sha256], |row| Ok((row.get(0)?, row.get(1)?)))
        .optional()?)
}

//! Administrators manage readers from the browser; nobody else sees the page.

use crate::accounts::{post_as, private_server, sign_in, status, KEEPER_PASSWORD, KID_PASSWORD};

#[tokio::test]
async fn administrators_add_limit_and_remove_readers() {
    let (server, _dir, _) = private_server().await;
    let keeper = sign_in(&server, "keeper", KEEPER_PASSWORD).await;
    let kid = sign_in(&server, "kid", KID_PASSWORD).await;
    assert_eq!(status(&server, "/admin/readers", &kid).await, 404);
    let forged = post_as(
        &server,
        "/admin/readers",
        &kid,
        "&action=make_admin&name=kid",
    )
    .await;
    assert_eq!(forged.status().as_u16(), 404);

    let page = server.get_with_cookie("/admin/readers", &keeper).await;
    assert_eq!(page.status().as_u16(), 200);
    let html = page.text().await.expect("body");
    assert!(
        html.contains("<td>kid</td>") && html.contains("value=\"teen\" selected"),
        "{html}"
    );
    let account = server.get_with_cookie("/account", &keeper).await;
    assert!(account
        .text()
        .await
        .expect("body")
        .contains("href=\"/admin/readers\""));

    let add = "&action=add&name=wren&password=seashells-and-rope&max_rating=general";
    assert_eq!(
        post_as(&server, "/admin/readers", &keeper, add)
            .await
            .status()
            .as_u16(),
        303
    );
    let wren = sign_in(&server, "wren", "seashells-and-rope").await;
    assert_eq!(
        status(&server, "/works/2", &wren).await,
        404,
        "General only"
    );
    assert_eq!(status(&server, "/works/1", &wren).await, 200);

    let lift = "&action=max_rating&name=kid&max_rating=none";
    assert_eq!(
        post_as(&server, "/admin/readers", &keeper, lift)
            .await
            .status()
            .as_u16(),
        303
    );
    assert_eq!(status(&server, "/works/3", &kid).await, 200);

    let myself = post_as(
        &server,
        "/admin/readers",
        &keeper,
        "&action=remove&name=keeper",
    )
    .await;
    assert_eq!(myself.status().as_u16(), 400);
    let taken = "&action=add&name=Wren&password=seashells-and-rope&max_rating=none";
    assert_eq!(
        post_as(&server, "/admin/readers", &keeper, taken)
            .await
            .status()
            .as_u16(),
        400
    );
    let removed = post_as(
        &server,
        "/admin/readers",
        &keeper,
        "&action=remove&name=wren",
    )
    .await;
    assert_eq!(removed.status().as_u16(), 303);
    assert_eq!(
        status(&server, "/works/1", &wren).await,
        303,
        "signed out with the account"
    );
}

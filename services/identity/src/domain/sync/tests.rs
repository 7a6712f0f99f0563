use super::*;

fn unit(id: &str, parent: Option<&str>) -> FeedOrgUnit {
    FeedOrgUnit {
        external_id: id.into(),
        parent_external_id: parent.map(Into::into),
        name: format!("unit {id}"),
        kind: OrgUnitKind::Unit,
    }
}

#[test]
fn refuses_duplicates_unknown_parents_and_cycles() {
    let feed = DirectoryFeed {
        org_units: vec![
            unit("a", None),
            unit("b", Some("c")),
            unit("c", Some("b")),
            unit("a", None),
            unit("d", Some("zz")),
        ],
        people: vec![],
    };
    let errors = check_feed(&feed).expect_err("invalid");
    let codes: Vec<(&str, &str)> = errors
        .iter()
        .map(|e| (e.field.as_str(), e.code.as_str()))
        .collect();
    assert!(
        codes.contains(&("org_units[3].external_id", "duplicate")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("org_units[4].parent_external_id", "not_found")),
        "{codes:?}"
    );
    assert!(
        codes.contains(&("org_units[1].parent_external_id", "cycle")),
        "{codes:?}"
    );
}

#[test]
fn orders_parents_before_children() {
    let units = vec![
        unit("leaf", Some("mid")),
        unit("mid", Some("root")),
        unit("root", None),
    ];
    let order: Vec<&str> = in_tree_order(&units)
        .iter()
        .map(|u| u.external_id.as_str())
        .collect();
    assert_eq!(order, ["root", "mid", "leaf"]);
}

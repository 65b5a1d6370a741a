//! The catalogue carried in the binary matches the official data it was derived from.

use std::collections::HashMap;

use comcom_core::catalogue;

#[test]
fn the_embedded_catalogue_matches_the_official_epci_file() {
    let path = crate::helpers::repo_root().join("../shared/data/territory/epci.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("the reference data {} is readable: {e}", path.display()));
    let official: Vec<serde_json::Value> = serde_json::from_str(&text).unwrap();
    let ours: HashMap<&str, &comcom_core::Territory> =
        catalogue::all().map(|t| (t.siren.as_str(), t)).collect();

    assert_eq!(official.len(), ours.len());
    for epci in &official {
        let siren = epci["code"].as_str().unwrap();
        let t = ours.get(siren).unwrap_or_else(|| panic!("{siren} missing"));
        assert_eq!(t.name, epci["nom"].as_str().unwrap());
        assert_eq!(t.kind.code(), epci["type"].as_str().unwrap());
        assert_eq!(
            t.population_municipale,
            epci["populationMunicipale"].as_i64().unwrap()
        );
        let members = epci["membres"].as_array().unwrap();
        assert_eq!(t.communes.len(), members.len(), "{siren}");
        for m in members {
            let code = m["code"].as_str().unwrap();
            let c = t
                .communes
                .iter()
                .find(|c| c.insee_code.as_str() == code)
                .unwrap();
            assert_eq!(c.name, m["nom"].as_str().unwrap());
            assert_eq!(c.siren.as_str(), m["siren"].as_str().unwrap());
            assert_eq!(
                c.population_municipale,
                m["populationMunicipale"].as_i64().unwrap()
            );
        }
    }
}

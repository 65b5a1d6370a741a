//! The territory (an EPCI) and its member communes.

use crate::codes::{InseeCode, Siren};

/// The legal kind of an EPCI, as the official data spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TerritoryKind {
    /// Communauté de communes.
    Cc,
    /// Communauté d'agglomération.
    Ca,
    /// Communauté urbaine.
    Cu,
    /// Métropole.
    Metro,
    /// Métropole de Lyon.
    Met69,
}

impl TerritoryKind {
    /// Parses the code used by the official data and stored in the database.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "CC" => Some(Self::Cc),
            "CA" => Some(Self::Ca),
            "CU" => Some(Self::Cu),
            "METRO" => Some(Self::Metro),
            "MET69" => Some(Self::Met69),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Self::Cc => "CC",
            Self::Ca => "CA",
            Self::Cu => "CU",
            Self::Metro => "METRO",
            Self::Met69 => "MET69",
        }
    }

    /// The key of the kind's spelled-out name in the translation files.
    pub fn message_key(self) -> &'static str {
        match self {
            Self::Cc => "territory-kind-cc",
            Self::Ca => "territory-kind-ca",
            Self::Cu => "territory-kind-cu",
            Self::Metro => "territory-kind-metro",
            Self::Met69 => "territory-kind-met69",
        }
    }
}

/// An EPCI with its member communes, as the catalogue describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territory {
    pub siren: Siren,
    pub name: String,
    pub kind: TerritoryKind,
    /// Department of most of its inhabitants (`38`, `2A`, `974`).
    pub department: String,
    /// The legal population figure, shown in the interface.
    pub population_municipale: i64,
    pub population_totale: i64,
    pub communes: Vec<Commune>,
}

impl Territory {
    /// The IANA time zone the territory lives in, from its department.
    pub fn time_zone(&self) -> &'static str {
        time_zone_of_department(&self.department)
    }
}

/// A member commune.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Commune {
    pub insee_code: InseeCode,
    pub siren: Siren,
    pub name: String,
    pub population_municipale: i64,
    pub population_totale: i64,
}

/// Mainland France and Corsica are on Paris time; each overseas department has its own zone.
pub fn time_zone_of_department(department: &str) -> &'static str {
    match department {
        "971" => "America/Guadeloupe",
        "972" => "America/Martinique",
        "973" => "America/Cayenne",
        "974" => "Indian/Reunion",
        "975" => "America/Miquelon",
        "976" => "Indian/Mayotte",
        _ => "Europe/Paris",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn kinds_round_trip_through_their_codes() {
        for code in ["CC", "CA", "CU", "METRO", "MET69"] {
            assert_eq!(TerritoryKind::from_code(code).unwrap().code(), code);
        }
        assert_eq!(TerritoryKind::from_code("XX"), None);
    }

    #[test]
    fn overseas_departments_have_their_own_time_zone() {
        assert_eq!(time_zone_of_department("38"), "Europe/Paris");
        assert_eq!(time_zone_of_department("2A"), "Europe/Paris");
        assert_eq!(time_zone_of_department("973"), "America/Cayenne");
        assert_eq!(time_zone_of_department("974"), "Indian/Reunion");
    }
}

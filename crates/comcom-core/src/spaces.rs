//! Spaces (places of work) and the roles people hold in them.

/// What a space is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SpaceKind {
    Territory,
    Commune,
    Commission,
    WorkingGroup,
    MayorsConference,
    DevelopmentCouncil,
}

impl SpaceKind {
    pub const ALL: [SpaceKind; 6] = [
        SpaceKind::Territory,
        SpaceKind::Commune,
        SpaceKind::Commission,
        SpaceKind::WorkingGroup,
        SpaceKind::MayorsConference,
        SpaceKind::DevelopmentCouncil,
    ];

    pub fn code(self) -> &'static str {
        match self {
            SpaceKind::Territory => "territory",
            SpaceKind::Commune => "commune",
            SpaceKind::Commission => "commission",
            SpaceKind::WorkingGroup => "working_group",
            SpaceKind::MayorsConference => "mayors_conference",
            SpaceKind::DevelopmentCouncil => "development_council",
        }
    }

    pub fn from_code(code: &str) -> Option<SpaceKind> {
        SpaceKind::ALL.into_iter().find(|k| k.code() == code)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            SpaceKind::Territory => "space-kind-territory",
            SpaceKind::Commune => "space-kind-commune",
            SpaceKind::Commission => "space-kind-commission",
            SpaceKind::WorkingGroup => "space-kind-working-group",
            SpaceKind::MayorsConference => "space-kind-mayors-conference",
            SpaceKind::DevelopmentCouncil => "space-kind-development-council",
        }
    }
}

/// Who may see a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Visibility {
    /// Anyone, also without an account.
    Public,
    /// Every person with a current mandate in the territory (the shared extranet).
    Territory,
    /// The space's members only.
    Restricted,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [
        Visibility::Public,
        Visibility::Territory,
        Visibility::Restricted,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Visibility::Public => "public",
            Visibility::Territory => "territory",
            Visibility::Restricted => "restricted",
        }
    }

    pub fn from_code(code: &str) -> Option<Visibility> {
        Visibility::ALL.into_iter().find(|v| v.code() == code)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Visibility::Public => "visibility-public",
            Visibility::Territory => "visibility-territory",
            Visibility::Restricted => "visibility-restricted",
        }
    }
}

/// A member's role in a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SpaceRole {
    /// Lecteur: reads.
    Reader,
    /// Membre: takes part.
    Member,
    /// Animateur: runs the space and manages its members.
    Facilitator,
}

impl SpaceRole {
    pub const ALL: [SpaceRole; 3] = [SpaceRole::Facilitator, SpaceRole::Member, SpaceRole::Reader];

    pub fn code(self) -> &'static str {
        match self {
            SpaceRole::Facilitator => "facilitator",
            SpaceRole::Member => "member",
            SpaceRole::Reader => "reader",
        }
    }

    pub fn from_code(code: &str) -> Option<SpaceRole> {
        SpaceRole::ALL.into_iter().find(|r| r.code() == code)
    }

    pub fn message_key(self) -> &'static str {
        match self {
            SpaceRole::Facilitator => "space-role-facilitator",
            SpaceRole::Member => "space-role-member",
            SpaceRole::Reader => "space-role-reader",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for k in SpaceKind::ALL {
            assert_eq!(SpaceKind::from_code(k.code()), Some(k));
        }
        for v in Visibility::ALL {
            assert_eq!(Visibility::from_code(v.code()), Some(v));
        }
        for r in SpaceRole::ALL {
            assert_eq!(SpaceRole::from_code(r.code()), Some(r));
        }
    }
}

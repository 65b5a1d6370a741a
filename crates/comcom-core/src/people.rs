//! People's mandates: the roles the platform knows and the functions they carry.

/// A kind of mandate (a role held by a person, with dates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    /// Élu communautaire.
    CommunityCouncillor,
    /// Agent intercommunal.
    IntercoStaff,
    /// Élu municipal.
    MunicipalCouncillor,
    /// Agent communal.
    CommuneStaff,
    /// Membre du conseil de développement.
    DevelopmentCouncil,
    /// Habitant.
    Inhabitant,
    /// Partenaire (with an organisation).
    Partner,
}

impl Role {
    pub const ALL: [Role; 7] = [
        Role::CommunityCouncillor,
        Role::IntercoStaff,
        Role::MunicipalCouncillor,
        Role::CommuneStaff,
        Role::DevelopmentCouncil,
        Role::Inhabitant,
        Role::Partner,
    ];

    /// The identifier stored in the database.
    pub fn code(self) -> &'static str {
        match self {
            Role::CommunityCouncillor => "community_councillor",
            Role::IntercoStaff => "interco_staff",
            Role::MunicipalCouncillor => "municipal_councillor",
            Role::CommuneStaff => "commune_staff",
            Role::DevelopmentCouncil => "development_council",
            Role::Inhabitant => "inhabitant",
            Role::Partner => "partner",
        }
    }

    pub fn from_code(code: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == code)
    }

    /// Whether the role is tied to one commune (élu municipal, agent communal).
    pub fn needs_commune(self) -> bool {
        matches!(self, Role::MunicipalCouncillor | Role::CommuneStaff)
    }

    /// The key of its name in the translation files.
    pub fn message_key(self) -> &'static str {
        match self {
            Role::CommunityCouncillor => "role-community-councillor",
            Role::IntercoStaff => "role-interco-staff",
            Role::MunicipalCouncillor => "role-municipal-councillor",
            Role::CommuneStaff => "role-commune-staff",
            Role::DevelopmentCouncil => "role-development-council",
            Role::Inhabitant => "role-inhabitant",
            Role::Partner => "role-partner",
        }
    }
}

/// The function an elected official holds within a mandate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Function {
    /// Président(e) of the community council.
    President,
    /// Vice-président(e).
    VicePresident,
    /// Maire.
    Mayor,
    /// Adjoint(e) au maire.
    DeputyMayor,
    /// Conseiller(ère) délégué(e).
    DelegatedCouncillor,
    /// Conseiller(ère), municipal or communautaire.
    Councillor,
}

impl Function {
    pub const ALL: [Function; 6] = [
        Function::President,
        Function::VicePresident,
        Function::Mayor,
        Function::DeputyMayor,
        Function::DelegatedCouncillor,
        Function::Councillor,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Function::President => "president",
            Function::VicePresident => "vice_president",
            Function::Mayor => "mayor",
            Function::DeputyMayor => "deputy_mayor",
            Function::DelegatedCouncillor => "delegated_councillor",
            Function::Councillor => "councillor",
        }
    }

    pub fn from_code(code: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.code() == code)
    }

    /// Whether the function belongs to this role (président for an élu communautaire…).
    pub fn fits(self, role: Role) -> bool {
        match role {
            Role::CommunityCouncillor => {
                matches!(
                    self,
                    Function::President | Function::VicePresident | Function::Councillor
                )
            }
            Role::MunicipalCouncillor => matches!(
                self,
                Function::Mayor
                    | Function::DeputyMayor
                    | Function::DelegatedCouncillor
                    | Function::Councillor
            ),
            _ => false,
        }
    }

    /// Order in lists: the mayor first, then deputies…
    pub fn rank(self) -> u8 {
        match self {
            Function::President | Function::Mayor => 0,
            Function::VicePresident | Function::DeputyMayor => 1,
            Function::DelegatedCouncillor => 2,
            Function::Councillor => 3,
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            Function::President => "function-president",
            Function::VicePresident => "function-vice-president",
            Function::Mayor => "function-mayor",
            Function::DeputyMayor => "function-deputy-mayor",
            Function::DelegatedCouncillor => "function-delegated-councillor",
            Function::Councillor => "function-councillor",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_and_functions_round_trip_through_their_codes() {
        for role in Role::ALL {
            assert_eq!(Role::from_code(role.code()), Some(role));
        }
        for function in Function::ALL {
            assert_eq!(Function::from_code(function.code()), Some(function));
        }
        assert_eq!(Role::from_code("admin"), None);
    }

    #[test]
    fn functions_fit_only_their_roles() {
        assert!(Function::Mayor.fits(Role::MunicipalCouncillor));
        assert!(!Function::Mayor.fits(Role::CommunityCouncillor));
        assert!(Function::VicePresident.fits(Role::CommunityCouncillor));
        assert!(!Function::Councillor.fits(Role::CommuneStaff));
    }
}

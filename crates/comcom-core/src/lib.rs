//! comcom's domain types and rules, without I/O: the codes that identify
//! territories and communes, the catalogue of every French EPCI, and the text
//! folding used for accent- and case-insensitive search.

pub mod catalogue;
pub mod codes;
pub mod events;
pub mod mentions;
pub mod people;
pub mod permissions;
pub mod rne;
pub mod search;
pub mod spaces;
pub mod territory;
pub mod text;

pub use codes::{CodeError, InseeCode, Siren};
pub use people::{Function, Role};
pub use spaces::{SpaceKind, SpaceRole, Visibility};
pub use territory::{Commune, Territory, TerritoryKind};

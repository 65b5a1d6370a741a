//! Prints a sample invitation (for checking by hand with other programs):
//! `cargo run -p comcom-calendar --example sample`.
use comcom_calendar::*;

fn main() {
    let at = |s: &str| s.parse().unwrap();
    let cal = Calendar {
        method: Method::Request,
        product: "-//comcom//meetings//FR".into(),
        time_zone: chrono_tz::Europe::Paris,
        name: None,
        now: at("2026-12-04T18:00:00Z"),
        events: vec![Event {
            uid: "meeting-7@comcom.example".into(),
            sequence: 1,
            stamp: at("2026-12-04T18:00:00Z"),
            start: at("2027-03-29T07:30:00Z"),
            end: at("2027-10-31T09:00:00Z"),
            summary: "Réunion du groupe « eau et assainissement » 💧".into(),
            description: Some(
                "Ordre du jour : ".to_owned() + &"élaboration du schéma 🎉, ".repeat(8),
            ),
            location: Some("Salle du conseil; mairie d'Engins".into()),
            url: None,
            status: Status::Confirmed,
            organizer: Some(Organizer {
                name: "Anne Martin".into(),
                email: "anne@example.org".into(),
            }),
            attendees: vec![],
            created: None,
            last_modified: None,
        }],
    };
    print!("{}", cal.to_ics());
}

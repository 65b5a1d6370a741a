//! What happens in a space: the kinds of events of its activity stream, and
//! how each member wants to hear about them.

/// Something that happened in a space. Each kind has a stable code (stored)
/// and a message key (`event-CODE` in `activity.ftl`, with `$actor` and
/// `$title`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventKind {
    ArticlePublished,
    ThreadCreated,
    ReplyPosted,
    /// A thread's first post or a reply was changed.
    PostEdited,
    DocumentUploaded,
    DocumentNewVersion,
    DocumentDeleted,
    MeetingConvened,
    MeetingUpdated,
    MeetingCancelled,
    MemberJoined,
    MemberLeft,
}

impl EventKind {
    pub const ALL: [EventKind; 12] = [
        EventKind::ArticlePublished,
        EventKind::ThreadCreated,
        EventKind::ReplyPosted,
        EventKind::PostEdited,
        EventKind::DocumentUploaded,
        EventKind::DocumentNewVersion,
        EventKind::DocumentDeleted,
        EventKind::MeetingConvened,
        EventKind::MeetingUpdated,
        EventKind::MeetingCancelled,
        EventKind::MemberJoined,
        EventKind::MemberLeft,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EventKind::ArticlePublished => "article_published",
            EventKind::ThreadCreated => "thread_created",
            EventKind::ReplyPosted => "reply_posted",
            EventKind::PostEdited => "post_edited",
            EventKind::DocumentUploaded => "document_uploaded",
            EventKind::DocumentNewVersion => "document_new_version",
            EventKind::DocumentDeleted => "document_deleted",
            EventKind::MeetingConvened => "meeting_convened",
            EventKind::MeetingUpdated => "meeting_updated",
            EventKind::MeetingCancelled => "meeting_cancelled",
            EventKind::MemberJoined => "member_joined",
            EventKind::MemberLeft => "member_left",
        }
    }

    pub fn from_code(code: &str) -> Option<EventKind> {
        EventKind::ALL.into_iter().find(|k| k.code() == code)
    }

    /// The Fluent message describing it (`$actor`, `$title`).
    pub fn message_key(self) -> String {
        format!("event-{}", self.code().replace('_', "-"))
    }

    /// Whether members are told about it by default. An edit shows in the
    /// activity stream but notifies nobody (mentions it adds still do).
    pub fn notifies_members(self) -> bool {
        !matches!(self, EventKind::PostEdited)
    }
}

/// How a person wants to hear about a space's events, besides the in-app
/// list (which always gets them).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// In the app only, no email.
    None,
    /// One email per event.
    Immediate,
    /// One email a day listing the day's events.
    Daily,
}

impl Delivery {
    pub const ALL: [Delivery; 3] = [Delivery::Immediate, Delivery::Daily, Delivery::None];

    pub fn code(self) -> &'static str {
        match self {
            Delivery::None => "none",
            Delivery::Immediate => "immediate",
            Delivery::Daily => "daily",
        }
    }

    pub fn from_code(code: &str) -> Option<Delivery> {
        Delivery::ALL.into_iter().find(|d| d.code() == code)
    }

    /// Without a chosen preference: an email at once when one is mentioned,
    /// the daily digest for everything else.
    pub fn default_for(mentioned: bool) -> Delivery {
        if mentioned {
            Delivery::Immediate
        } else {
            Delivery::Daily
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_round_trip() {
        for kind in EventKind::ALL {
            assert_eq!(EventKind::from_code(kind.code()), Some(kind));
        }
        for delivery in Delivery::ALL {
            assert_eq!(Delivery::from_code(delivery.code()), Some(delivery));
        }
        assert_eq!(
            EventKind::DocumentNewVersion.message_key(),
            "event-document-new-version"
        );
        assert_eq!(Delivery::default_for(true), Delivery::Immediate);
        assert_eq!(Delivery::default_for(false), Delivery::Daily);
    }
}

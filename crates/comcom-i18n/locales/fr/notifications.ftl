## Activity stream, notifications and their emails.

event-someone = Quelqu’un
event-article-published = { $actor } a publié l’actualité « { $title } »
event-thread-created = { $actor } a ouvert la discussion « { $title } »
event-reply-posted = { $actor } a répondu dans « { $title } »
event-post-edited = { $actor } a modifié un message de « { $title } »
event-document-uploaded = { $actor } a déposé le document « { $title } »
event-document-new-version = { $actor } a déposé une nouvelle version de « { $title } »
event-document-deleted = { $actor } a supprimé le document « { $title } »
event-meeting-convened = { $actor } a convoqué la réunion « { $title } »
event-meeting-updated = { $actor } a modifié la réunion « { $title } »
event-meeting-cancelled = { $actor } a annulé la réunion « { $title } »
event-member-joined = { $title } a rejoint l’espace
event-member-left = { $title } a quitté l’espace
event-mention = { $actor } vous a mentionné dans « { $title } »

mail-notification-subject = [{ $space }] { $message }
mail-notification-body =
    Bonjour,

    { $message }, dans l’espace « { $space } ».

    { $link }

    Vous recevez ce courriel selon vos préférences de notification pour cet espace, que vous pouvez changer ici :
    { $url }
mail-digest-subject = Vos notifications du { $date } – { $territory }
mail-digest-line = – { $date } : { $message }
mail-digest-body =
    Bonjour,

    Voici ce qui s’est passé dans vos espaces ({ $total ->
        [one] une notification
       *[other] { $total } notifications
    }) :

    { $message }

    Toutes vos notifications :
    { $url }
cli-digest-hour-invalid = COMCOM_DIGEST_HOUR « { $input } » doit être une heure entre 0 et 23.

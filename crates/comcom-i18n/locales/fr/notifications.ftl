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

space-activity = Activité de l’espace
space-notification-settings = Mes notifications pour cet espace
nav-notifications = Notifications{ $count ->
    [0] { "" }
    [one] { " " }(1 non lue)
   *[other] { " " }({ $count } non lues)
}
activity-title = Activité – { $space }
activity-heading = Activité
activity-none = Rien ne s’est encore passé dans cet espace.
activity-newest = Les plus récentes
activity-older = Plus anciennes
notifications-title = Notifications
notifications-unread = { $count ->
    [0] Aucune notification non lue.
    [one] 1 notification non lue.
   *[other] { $count } notifications non lues.
}
notifications-mark-all = Tout marquer comme lu
notifications-mark = Marquer comme lue
notifications-mark-one = Marquer comme lue : { $title }
notifications-new = non lue
notifications-none = Aucune notification pour l’instant.
notification-settings-title = Mes notifications – { $space }
notification-settings-heading = Mes notifications pour cet espace
notification-settings-saved = Vos préférences sont enregistrées.
notification-settings-not-member = Vous n’êtes pas membre de cet espace : vous ne recevrez de notifications qu’une fois membre.
notification-settings-legend = Pour ce qui se passe dans cet espace, je veux recevoir
notification-delivery-default = le réglage par défaut : un courriel aussitôt quand on me mentionne, le résumé quotidien pour le reste
notification-delivery-immediate = un courriel à chaque nouveauté
notification-delivery-daily = un seul courriel par jour, le résumé
notification-delivery-none = aucun courriel (seulement la liste des notifications sur le site)
notification-settings-save = Enregistrer
error-delivery = Choisissez l’une des options proposées.

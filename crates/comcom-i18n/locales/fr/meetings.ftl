## Meetings of a space (issue 5): pages, forms, emails, calendar feeds, visio

meetings-nav = Réunions
meetings-title = Réunions – { $space }
meetings-new = Convoquer une réunion
meetings-upcoming = Prochaines réunions
meetings-past = Réunions passées
meetings-none = Aucune réunion prévue.
meetings-status-cancelled = annulée
meetings-convened-notice = La réunion est convoquée : les invitations partent par courriel.
meetings-updated-notice = La réunion est modifiée : les invités reçoivent l’invitation mise à jour.
meetings-cancelled-notice = La réunion est annulée : les invités en sont avertis par courriel.
meetings-answered-notice = Votre réponse est enregistrée.
meetings-minutes-notice = Le compte rendu est enregistré.
meetings-back = Revenir à la réunion

meetings-new-title = Convoquer une réunion
meetings-edit-title = Modifier « { $title } »
meetings-edit-intro = Les invités recevront l’invitation mise à jour ; ceux que vous retirez recevront une annulation.
meetings-field-title = Titre
meetings-field-agenda = Ordre du jour
meetings-field-agenda-hint = En Markdown : une ligne par point, « - » pour une liste, **gras**.
meetings-field-when = Date et heure
meetings-time-zone = Heures du territoire ({ $zone }), changements d’heure compris.
meetings-field-date = Date
meetings-field-start = Début
meetings-field-end = Fin
meetings-field-where = Lieu
meetings-field-place = Adresse ou salle
meetings-field-place-hint = Laissez vide pour une réunion uniquement en visioconférence.
meetings-field-visio = Avec la visioconférence du territoire
meetings-field-visio-none = Aucun outil de visioconférence n’est configuré pour le territoire.
meetings-field-invitees = Personnes convoquées
meetings-invite-all = Tous les membres de l’espace
meetings-invite-chosen = Seulement les membres cochés ci-dessous
meetings-save-new = Convoquer
meetings-save-update = Enregistrer et prévenir les invités

meetings-error-title = Indiquez le titre de la réunion.
meetings-error-date = Indiquez une date valide, par exemple 2027-03-29.
meetings-error-start = Indiquez l’heure de début, par exemple 14:30.
meetings-error-end = Indiquez l’heure de fin, par exemple 16:00.
meetings-error-end-before = L’heure de fin doit suivre l’heure de début (une réunion tient dans une journée).
meetings-error-past = Cette date est passée : choisissez une date à venir.
meetings-error-time-skipped = { $value } n’existe pas le { $date } : les horloges passent à l’heure d’été à ce moment. Choisissez une autre heure.
meetings-error-place = Indiquez un lieu, ou choisissez la visioconférence.
meetings-error-no-visio = Aucun outil de visioconférence n’est configuré : indiquez un lieu.
meetings-error-invitees = Choisissez au moins une personne à convoquer.
meetings-error-changed-meanwhile = Quelqu’un a modifié cette réunion entre-temps : vérifiez la version actuelle, puis recommencez.
meetings-error-closed = On ne peut plus répondre à cette réunion (passée ou annulée).
meetings-error-answer = Choisissez une réponse : présent, absent ou pouvoir.
meetings-error-holding = Vous détenez le pouvoir de { $name } : vous devez être présent tant qu’il vous est confié.
meetings-error-proxy-choose = Choisissez la personne à qui vous donnez votre pouvoir.
meetings-error-proxy-self = Vous ne pouvez pas vous donner votre propre pouvoir.
meetings-error-proxy-absent = { $name } ne sera pas présent : choisissez une personne présente.
meetings-error-proxy-taken = { $name } détient déjà un pouvoir pour cette réunion (un seul pouvoir par personne).

meetings-is-cancelled = Cette réunion est annulée.
meetings-when = Date
meetings-place = Lieu
meetings-visio = Visioconférence
meetings-join = Rejoindre la visioconférence
meetings-visio-invitees-only = réservée aux personnes convoquées
meetings-visio-only = Visioconférence
meetings-agenda = Ordre du jour
meetings-my-answer = Votre réponse
meetings-holding = Vous détenez le pouvoir de { $name }.
meetings-answer-legend = Serez-vous présent ?
meetings-answer = Réponse
meetings-answer-pending = sans réponse
meetings-answer-yes = Présent
meetings-answer-no = Absent
meetings-answer-proxy = Absent, je donne mon pouvoir
meetings-answer-proxy-to = Absent, pouvoir à { $name }
meetings-proxy-holder = Pouvoir donné à
meetings-proxy-hint = Une personne convoquée et présente ; chacun ne détient qu’un pouvoir.
meetings-proxy-none = (personne)
meetings-answer-save = Enregistrer ma réponse
meetings-invitees = Personnes convoquées
meetings-invitee = Personne
meetings-minutes = Compte rendu
meetings-minutes-none = Pas encore de compte rendu.
meetings-field-minutes = Texte du compte rendu
meetings-minutes-save = Enregistrer le compte rendu
meetings-manage = Gérer la réunion
meetings-edit = Modifier la réunion
meetings-cancel = Annuler la réunion
meetings-cancel-hint = L’annulation est envoyée à chaque personne convoquée ; elle ne peut pas être défaite.

meetings-visio-title = Visioconférence
meetings-visio-cancelled = Cette réunion est annulée : sa visioconférence est fermée.
meetings-visio-none = Aucun outil de visioconférence n’est configuré pour le territoire ; prévenez l’administrateur.
meetings-visio-unreachable = Le service de visioconférence n’a pas pu ouvrir la salle. Réessayez dans un instant ; si cela persiste, prévenez l’administrateur.

meetings-mail-convene-subject = Convocation : { $title } – { $date }
meetings-mail-convene-body =
    Bonjour { $name },

    { $inviter } vous convoque à la réunion « { $title } » de l’espace « { $space } ».

    Date : { $date }
    Lieu : { $place }

    L’invitation jointe s’ajoute à votre agenda.
meetings-mail-update-subject = Modification : { $title } – { $date }
meetings-mail-update-body =
    Bonjour { $name },

    La réunion « { $title } » de l’espace « { $space } » a été modifiée.

    Date : { $date }
    Lieu : { $place }

    L’invitation jointe met à jour votre agenda.
meetings-mail-cancel-subject = Annulation : { $title } – { $date }
meetings-mail-cancel-body =
    Bonjour { $name },

    La réunion « { $title } » de l’espace « { $space } », prévue le { $date }, est annulée.

    L’annulation jointe la retire de votre agenda.
meetings-mail-uninvite-subject = Vous n’êtes plus convoqué : { $title }
meetings-mail-uninvite-body =
    Bonjour { $name },

    Vous n’êtes plus convoqué à la réunion « { $title } » de l’espace « { $space } » ({ $date }).

    L’annulation jointe la retire de votre agenda.
meetings-mail-visio = Visioconférence (pour les personnes convoquées) : { $link }
meetings-mail-page = Page de la réunion : { $link }
meetings-mail-answer = Répondez (présent, absent ou pouvoir) sur la page de la réunion.

meetings-feed-mine-link = Mes réunions dans mon agenda (adresse iCal)
meetings-feed-mine-title = Mes réunions dans mon agenda
meetings-feed-mine-intro = Abonnez votre agenda (Thunderbird, Outlook, agenda du téléphone…) à cette adresse secrète : il y verra les réunions auxquelles vous êtes convoqué, tenues à jour.
meetings-feed-space-link = Les réunions de l’espace dans mon agenda (adresse iCal)
meetings-feed-space-title = Les réunions de « { $space } » dans mon agenda
meetings-feed-space-intro = Abonnez votre agenda à cette adresse secrète : il y verra toutes les réunions de l’espace, tant que vous pouvez les voir.
meetings-feed-active = Une adresse est active depuis le { $date }. Elle n’est pas montrée de nouveau : créez-en une nouvelle si vous l’avez perdue.
meetings-feed-none = Aucune adresse n’est active.
meetings-feed-create = Créer l’adresse
meetings-feed-regenerate = Remplacer par une nouvelle adresse
meetings-feed-revoke = Révoquer l’adresse
meetings-feed-revoked = L’adresse est révoquée : les agendas abonnés ne reçoivent plus rien.
meetings-feed-created = Votre adresse d’abonnement
meetings-feed-created-explain = Copiez-la maintenant dans votre agenda : elle ne sera plus affichée. Quiconque la connaît voit ces réunions ; ne la partagez pas.
meetings-feed-tab = Abonnement iCal
meetings-feed-url = Adresse iCal
meetings-feed-mine-name = Mes réunions – { $territory }
meetings-feed-space-name = Réunions – { $space }

meetings-admin-link = Visioconférence du territoire
meetings-admin-title = Visioconférence du territoire
meetings-admin-active = Outil actif : { $name }.
meetings-admin-none = Aucun outil de visioconférence n’est configuré : les réunions ne peuvent avoir lieu qu’en présentiel.
meetings-admin-how = L’outil se choisit dans la configuration du serveur (variables COMCOM_VISIO_*, voir la documentation) ; le secret n’est jamais affiché.
meetings-admin-address = Adresse
meetings-admin-app-id = Identifiant d’application (iss)
meetings-admin-audience = Audience (aud)
meetings-admin-checksum = Empreinte des appels
meetings-admin-api-key = Clé d’API
meetings-admin-client = Application web
meetings-admin-secret = Secret
meetings-admin-secret-hidden = configuré (masqué)
meetings-provider-jitsi = Jitsi Meet (jetons JWT)
meetings-provider-bbb = BigBlueButton (API avec empreinte)
meetings-provider-livekit = LiveKit (jetons d’accès)

meetings-cli-visio-provider = COMCOM_VISIO_PROVIDER « { $input } » n’est pas connu : choisissez jitsi, bbb, livekit ou none.
meetings-cli-visio-missing = { $name } est nécessaire pour cet outil de visioconférence.
meetings-cli-visio-url = { $name } doit être une adresse complète (https://…).
meetings-cli-visio-secret = COMCOM_VISIO_SECRET est trop court : 16 caractères au moins.
meetings-cli-visio-checksum = COMCOM_VISIO_CHECKSUM « { $input } » n’est pas connu : choisissez sha1 ou sha256.

# Documents attached to a meeting
meetings-documents = Documents joints
meetings-documents-none = Aucun document joint pour l’instant.
meetings-document-is-minutes = (compte rendu)
meetings-document-download = Télécharger
meetings-document-mark-minutes = C’est le compte rendu
meetings-document-unmark-minutes = Ce n’est plus le compte rendu
meetings-document-detach = Retirer de la réunion
meetings-field-attach = Joindre un document de l’espace
meetings-field-attach-minutes = Ce document est le compte rendu
meetings-attach = Joindre
meetings-field-upload = Ou déposer un nouveau document dans l’espace et le joindre
meetings-upload = Déposer et joindre
meetings-field-documents = Documents joints
meetings-field-documents-hint = Documents de l’espace à joindre : la convocation donne leurs liens (chaque lien vérifie les droits de la personne). Vous pourrez en joindre d’autres sur la page de la réunion.
meetings-error-document = Choisissez un document de cet espace (hors corbeille).
meetings-document-attached-notice = Le document est joint à la réunion.
meetings-document-detached-notice = Le document est retiré de la réunion ; il reste dans les documents de l’espace.
meetings-document-minutes-notice = Le compte rendu est enregistré.
meetings-mail-documents = Documents joints (liens vers l’espace) :

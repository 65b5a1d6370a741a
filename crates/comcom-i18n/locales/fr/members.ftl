# Membership of the extranet: invitations into a space, filters, leaving,
# a commune's people, the audit log.

spaces-invitations = Invitations en attente
spaces-unread = { $count ->
    [one] { $count } non lu
   *[other] { $count } non lus
}
space-left = Vous avez quitté l’espace.
space-leave-title = Quitter l’espace
space-leave = Quitter cet espace
leave-refused-title = Vous ne pouvez pas quitter cet espace
invitation-space-title = Invitation dans un espace
invitation-space-lead = { $inviter } vous invite à rejoindre l’espace « { $space } » comme { $role }.
invitation-space-other-person = Cette invitation est adressée à une autre personne que celle connectée : l’accepter vous connectera sous son nom.
invitation-space-accept = Accepter
invitation-space-decline = Refuser
invitation-accept-space = Accepter l’invitation dans l’espace « { $space } »
invitation-decline-space = Refuser l’invitation dans l’espace « { $space } »
invitation-declined-title = Invitation refusée
invitation-declined = Vous avez refusé l’invitation. Personne n’a été ajouté à l’espace.
invitation-gone-title = Invitation expirée ou déjà utilisée
invitation-gone = Ce lien d’invitation a déjà servi, a été annulé ou a expiré. Demandez à l’animateur de l’espace de vous inviter à nouveau.
invitation-back-home = Retour à l’accueil
mail-space-invitation-subject = Invitation dans l’espace « { $space } »
mail-space-invitation-body =
    Bonjour,

    { $inviter } vous invite à rejoindre l’espace « { $space } » de { $territory } comme { $role }.

    Pour accepter ou refuser, ouvrez ce lien :

    { $link }

    Le lien est valable { $days } jours et ne sert qu’une fois.
    Si vous ne connaissez pas cette personne, ignorez ce message.
members-category = Catégorie et commune
members-category-none = Sans mandat en cours
members-filter-title = Filtrer les membres
members-filter-category = Catégorie
members-filter-commune = Commune
members-filter-any = Toutes
members-filter-submit = Filtrer
members-filter-clear = Voir tous les membres
members-filter-none = Aucun membre ne correspond à ces filtres.
members-invite = Inviter par courriel
members-invite-lead = La personne reçoit un lien pour accepter ou refuser. Si personne n’a encore cette adresse, une fiche est créée à son nom.
members-invite-email = Adresse électronique
members-invite-name = Nom et prénom
members-invite-name-hint = Seulement pour une personne que la plateforme ne connaît pas encore.
members-invite-submit = Envoyer l’invitation
members-invited = L’invitation a été envoyée.
members-pending = Invitations en attente
members-invitation-cancel = Annuler
members-invitation-cancel-name = Annuler l’invitation de { $name }
members-invitation-cancelled = L’invitation a été annulée.
error-invite-needs-email = Cette personne n’a pas d’adresse électronique : indiquez-en une pour l’inviter.
error-invite-name = Indiquez le nom de la personne à inviter.
commune-people-title = Les personnes de la commune { $name }
commune-people-short = Personnes
commune-people-current = Mandats en cours
commune-people-none = Aucun élu ni agent n’est encore enregistré pour cette commune.
commune-people-mandate = Mandat
commune-people-since = Depuis le
commune-people-agent = agent désigné
commune-people-end-label = Mettre fin au mandat de { $name } ( { $mandate } )
commune-people-designate = Désigner
commune-people-undesignate = Retirer la désignation
commune-people-designate-label = Désigner { $name } pour gérer les personnes de la commune
commune-people-undesignate-label = Retirer la désignation de { $name }
commune-people-add = Ajouter un agent ou un élu
commune-people-add-lead = Les élus municipaux viennent du Répertoire national des élus ; ajoutez ici les agents de la commune, et un élu qui manquerait en attendant la prochaine mise à jour.
commune-people-email-hint = Facultatif. Si une personne a déjà cette adresse, le mandat lui est ajouté.
commune-people-add-submit = Ajouter
commune-people-added = La personne et son mandat ont été enregistrés.
commune-people-designated = L’agent a été désigné : il peut gérer les personnes de la commune.
commune-people-undesignated = La désignation a été retirée.
error-commune-people-role = Choisissez « agent communal » ou « élu municipal ».
error-commune-people-function = Choisissez une fonction d’élu municipal dans la liste (le maire vient du Répertoire national des élus).
dashboard-communes = Ma commune
dashboard-communes-empty = Aucune commune.
dashboard-commune-people = Gérer les personnes de { $name }
audit-title = Journal d’audit
audit-lead = Les adhésions, les droits, les mandats et les suppressions de données, du plus récent au plus ancien. Le journal ne se modifie pas.
audit-errors-title = Certains filtres ont été ignorés
audit-error-kind = Ce type d’événement n’existe pas : choisissez-en un dans la liste.
audit-error-space = Cet espace n’existe pas : choisissez-en un dans la liste.
audit-error-commune = Cette commune n’est pas du territoire : choisissez-en une dans la liste.
audit-error-person = Le numéro de personne doit être un nombre entier, comme dans l’adresse de sa fiche.
audit-error-date = Écrivez la date sous la forme 2026-12-04.
audit-filters = Filtrer le journal
audit-kind = Événement
audit-space = Espace
audit-person = Personne (numéro)
audit-person-hint = Le numéro figure dans l’adresse de sa fiche, /personnes/42 ; un clic sur un nom du journal le remplit.
audit-from = Du
audit-to = Au
audit-clear = Tout afficher
audit-events = Événements
audit-none = Aucun événement ne correspond.
audit-when = Date
audit-actor = Par
audit-target = Concerne
audit-place = Espace ou commune
audit-detail = Détail
audit-request = Requête
audit-system = la plateforme
audit-pages = Pages du journal
audit-newest = Les plus récents
audit-older = Plus anciens
audit-group-membership = Adhésions (tous)
audit-group-permission = Droits (tous)
audit-group-person = Personnes (tous)
audit-group-mandate = Mandats (tous)
audit-group-privacy = Données personnelles (tous)
audit-kind-membership-invited = Invitation envoyée
audit-kind-membership-invitation-cancelled = Invitation annulée
audit-kind-membership-joined = Invitation acceptée
audit-kind-membership-declined = Invitation refusée
audit-kind-membership-added = Membre ajouté
audit-kind-membership-left = Départ de l’espace
audit-kind-membership-role-changed = Rôle modifié
audit-kind-membership-removed = Membre retiré
audit-kind-permission-admin-granted = Droits d’administration accordés
audit-kind-permission-admin-revoked = Droits d’administration retirés
audit-kind-permission-agent-designated = Agent désigné pour la commune
audit-kind-permission-agent-undesignated = Désignation d’agent retirée
audit-kind-person-added = Personne ajoutée
audit-kind-mandate-added = Mandat ajouté
audit-kind-mandate-ended = Mandat terminé
audit-kind-privacy-exported = Export des données personnelles
audit-kind-privacy-deletion-requested = Suppression demandée
audit-kind-privacy-deletion-cancelled = Demande de suppression annulée
audit-kind-privacy-person-deleted = Données personnelles supprimées
admin-links = Journal et données personnelles
commune-people-manage = Gérer les élus et agents de la commune

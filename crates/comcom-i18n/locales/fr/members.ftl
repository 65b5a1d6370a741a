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

# Personal data: the export, deletion requests and their handling.

mydata-link = Mes données personnelles : les télécharger, demander leur suppression
mydata-title = Mes données personnelles
mydata-intro = La plateforme de { $the_territory } garde sur vous ce qu’il faut pour travailler ensemble : votre fiche, vos mandats, vos espaces, vos connexions et ce que vous avez publié. Vous pouvez tout télécharger et demander la suppression de vos données (RGPD, articles 15, 17 et 20).
mydata-export-title = Télécharger mes données
mydata-export-lead = Un fichier ZIP contient tout ce que la plateforme garde sur vous, en fichiers JSON lisibles, avec les images de vos actualités. Les secrets (mot de passe, jetons) n’y figurent jamais, même chiffrés.
mydata-export-download = Télécharger mes données (ZIP)
mydata-export-readme =
    Données personnelles — { $the_territory }
    Export du { $date }.

    Chaque fichier JSON contient une liste d’enregistrements :
    person.json (votre fiche), mandates.json (vos mandats, en cours et terminés),
    memberships.json (vos espaces et votre rôle), space_invitations.json,
    email_links.json (liens de connexion envoyés, sans leur secret),
    sessions.json (connexions, sans leur secret), api_tokens.json (jetons, sans leur secret),
    admin_grants.json, commune_agent.json, deletion_requests.json,
    audit_events.json (le journal d’audit vous concernant),
    notifications.json, notification_preferences.json, threads.json, posts.json,
    post_revisions.json (vos discussions), letters_received.json, letters_written.json,
    letter_unsubscriptions.json, letter_editor.json (la lettre aux élus),
    meetings_organised.json, meeting_answers.json, calendar_feeds.json (réunions),
    articles.json et le dossier articles/ (vos actualités et leurs images).
mydata-delete-title = Demander la suppression de mes données
mydata-delete-lead = Un administrateur du territoire traite la demande. Une fois faite :
mydata-delete-goes = votre adresse électronique, votre téléphone, votre mot de passe, vos connexions, vos jetons, vos invitations, vos adhésions aux espaces, vos notifications et les mandats saisis à la main sont supprimés, et votre nom devient « Personne supprimée » ;
mydata-delete-stays-content = ce que vous avez publié (actualités, messages) reste, attribué à « Personne supprimée », parce que d’autres personnes y ont répondu ou s’y réfèrent ; demandez à l’animateur de l’espace de retirer un contenu précis ;
mydata-delete-stays-log = le journal d’audit garde la trace des changements par numéro de personne, sans votre nom.
mydata-kept-title = Ce qui ne peut pas être supprimé, et pourquoi
mydata-kept-rne = Le nom et les mandats des élus viennent du Répertoire national des élus, que l’État publie en données ouvertes. Les afficher relève d’une mission d’intérêt public (l’information des habitants sur leurs élus) : le droit à l’effacement ne s’y applique pas (RGPD, article 17, paragraphe 3, b). Ils restent tant que le mandat figure au répertoire ; tout le reste est supprimé.
mydata-kept-you = Vous avez des mandats issus de ce répertoire : votre nom et ces mandats resteront affichés.
mydata-confirm = Je demande la suppression de mes données personnelles et je comprends que je ne pourrai plus me connecter.
mydata-request = Demander la suppression
mydata-error-confirm = Cochez la case pour confirmer votre demande.
mydata-requested = Votre demande a été enregistrée. Un administrateur va la traiter.
mydata-request-cancelled = Votre demande de suppression a été annulée.
mydata-pending = Demande de suppression en attente depuis le
mydata-cancel = Annuler ma demande
mydata-requests-title = Demandes de suppression de données
mydata-requests-lead = Effectuer une demande supprime aussitôt les données personnelles de la personne (voir « Mes données personnelles »). Le nom et les mandats des élus issus du Répertoire national des élus restent, comme données publiques.
mydata-requests-none = Aucune demande.
mydata-requested-on = Demandée le
mydata-status = État
mydata-status-pending = En attente
mydata-status-done = Effectuée
mydata-status-cancelled = Annulée par la personne
mydata-elected = élu (nom conservé)
mydata-carry-out = Effectuer la suppression
mydata-carry-out-label = Effectuer la suppression des données de { $name }
mydata-carried-out = Les données personnelles ont été supprimées.
mydata-deleted-name = Personne supprimée

## Discussions: threads, replies, edits and their history.

space-discussions = Discussions
discussions-title = Discussions – { $space }
discussions-heading = Discussions
discussions-none = Aucune discussion pour l’instant.
discussions-new = nouveau
discussions-unread = { $count ->
    [one] 1 message non lu
   *[other] { $count } messages non lus
}
discussions-meta = Ouverte par { $name } · { $count ->
    [0] aucune réponse
    [one] 1 réponse
   *[other] { $count } réponses
} · dernier message le { $date }
discussions-new-thread = Ouvrir une discussion
discussions-create = Publier la discussion
field-thread-title = Sujet
field-post-body = Message
field-reply-body = Votre réponse
field-post-body-hint = En Markdown. Pour mentionner un membre de l’espace, écrivez @prénom.nom (par exemple @agnes.bouvier) : il en sera averti.
thread-pinned = Épinglée
thread-locked = Verrouillée
thread-pin = Épingler en tête de liste
thread-unpin = Désépingler
thread-lock = Verrouiller (plus de réponses)
thread-unlock = Déverrouiller
thread-locked-notice = Cette discussion est verrouillée : on ne peut plus y répondre.
thread-replies = { $count ->
    [0] Aucune réponse
    [one] 1 réponse
   *[other] { $count } réponses
}
thread-reply = Répondre
thread-reply-submit = Publier la réponse
post-new = nouveau
post-edit = Modifier ce message
post-edited = modifié le { $date } par { $name }
post-heading = Message de { $name }
post-edit-title = Modifier un message
post-edit-note = La version précédente reste visible des membres dans l’historique du message.
post-edit-submit = Enregistrer
post-edit-cancel = Annuler
history-title = Historique du message
history-back = Retour à la discussion
history-current = Version actuelle, du { $date }
history-version = Version de { $name }, du { $date }
history-thread-title = Sujet à ce moment : { $title }
error-post-empty = Écrivez un message.
error-thread-title-empty = Indiquez le sujet de la discussion.
error-thread-locked = Cette discussion est verrouillée : votre réponse n’a pas été publiée.

## JSON API: error messages (the codes are stable; these sentences may change)

api-error-token-missing = Cette opération demande un jeton d’accès : envoyez l’en-tête « Authorization: Bearer ccm_… ». Créez un jeton dans votre profil.
api-error-token-invalid = Ce jeton d’accès n’est pas valide ou a été révoqué.
api-error-scope = Ce jeton ne permet que la lecture ; créez un jeton « écriture » pour écrire.
api-error-forbidden = Le propriétaire de ce jeton n’a pas le droit de faire cette opération.
api-error-not-found = Cette ressource n’existe pas, ou vous ne pouvez pas la voir.
api-error-method = Cette méthode n’est pas acceptée à cette adresse.
api-error-already-published = Cette actualité est déjà publiée.
api-error-malformed-json = Le corps de la requête doit être un objet JSON valide.
api-error-too-large = Le corps de la requête est trop volumineux (256 Kio au plus).
api-error-invalid-fields = Certains champs sont à corriger : voyez « fields ».
api-error-no-territory = Aucun territoire n’est encore installé sur ce service.
api-error-unavailable = Le service est momentanément indisponible ; réessayez dans un instant.
api-error-internal = Une erreur inattendue s’est produite ; elle a été enregistrée.

## JSON API: fields

api-field-unknown = Ce champ n’existe pas.
api-field-string = Ce champ doit être une chaîne de caractères.
api-field-control = Ce champ ne peut pas contenir de caractère de contrôle.
api-field-communes = Ce champ doit être une liste de codes INSEE.
api-field-commune-unknown = « { $insee } » n’est pas le code INSEE d’une commune du territoire.
api-field-publish = Valeurs possibles : « draft », « now » ou « schedule ».
api-field-publish-at = Indiquez une date RFC 3339, par exemple 2030-05-01T08:00:00Z.
api-field-publish-at-past = Cette date est passée : choisissez une date à venir, ou publiez maintenant.
api-field-publish-at-missing = Une publication programmée demande sa date (publish_at).
api-field-publish-at-unexpected = Une date de publication ne s’emploie qu’avec « schedule ».
api-field-page = Indiquez un numéro de page de 1 à 10 000.

## Personal access tokens: the profile's page

tokens-title = Jetons d’accès à l’API
tokens-link = Gérer vos jetons d’accès à l’API
tokens-intro = Un jeton permet à un programme d’utiliser l’API de comcom en votre nom, avec vos droits. Gardez-le secret : qui le détient agit comme vous. Révoquez un jeton dont vous n’avez plus besoin.
tokens-doc = Documentation de l’API (OpenAPI)
tokens-none = Vous n’avez aucun jeton.
tokens-name = Nom
tokens-scope = Droits
tokens-created = Créé le
tokens-last-used = Dernière utilisation
tokens-never-used = jamais
tokens-state = État
tokens-revoked = Révoqué le { $date }
tokens-active = Actif
tokens-revoke = Révoquer
tokens-revoke-label = Révoquer le jeton « { $name } »
tokens-revoked-notice = Le jeton est révoqué : il ne permet plus rien.
tokens-new = Nouveau jeton
field-token-name = Nom du jeton
field-token-name-hint = Pour le reconnaître, par exemple « site de la commune ».
field-token-scope = Droits du jeton
token-scope-read = Lecture
token-scope-write = Lecture et écriture (actualités)
tokens-create = Créer le jeton
tokens-secret-title = Votre nouveau jeton « { $name } »
tokens-secret-explain = Copiez-le maintenant : il ne sera plus jamais affiché. Envoyez-le dans l’en-tête « Authorization: Bearer … ».
tokens-secret-label = Jeton
error-token-name = Donnez un nom au jeton (100 caractères au plus, sans caractère de contrôle).
error-token-scope = Choisissez lecture, ou lecture et écriture.
error-token-limit = Vous avez déjà { $max } jetons actifs : révoquez-en un avant d’en créer un autre.

## Personal access tokens: the command line

cli-help-token = Gère les jetons d’accès à l’API d’une personne.
cli-help-token-create = Crée un jeton et l’affiche, une seule fois.
cli-help-token-list = Liste les jetons d’une personne.
cli-help-token-revoke = Révoque un jeton.
cli-help-token-name = Nom du jeton, pour le reconnaître.
cli-help-token-scope = Droits du jeton : read (lecture, par défaut) ou write (lecture et écriture).
cli-help-token-id = Numéro du jeton (voir comcom token list).
cli-token-default-name = ligne de commande
cli-token-no-person = aucune personne n’a l’adresse { $email }.
cli-token-name-invalid = le nom du jeton doit compter de 1 à 100 caractères, sans caractère de contrôle.
cli-token-scope-invalid = « { $value } » n’est pas un droit de jeton : read ou write.
cli-token-created = Jeton n° { $id } « { $name } » ({ $value }) créé pour { $email }. Copiez-le maintenant, il ne sera plus affiché :
cli-token-none = { $email } n’a aucun jeton.
cli-token-line = n° { $id }  { $name }  { $value }  créé le { $date }  { $message }
cli-token-never-used = jamais utilisé
cli-token-last-used = utilisé le { $date }
cli-token-revoked-on = révoqué le { $date }
cli-token-revoked = Jeton n° { $id } révoqué : il ne permet plus rien.
cli-token-not-found = { $email } n’a pas de jeton actif n° { $id } ; rien n’a été modifié.

/** « Clé publique SSH » of a technical account (mode EDI, SFTP): all the French wording. */
export const sshKeys = {
  open: 'Clés SSH',
  openLabel: (login: string) => `Clés SSH du compte technique ${login}`,
  title: 'Clés publiques SSH (SFTP)',
  intro:
    'Le compte technique se connecte au serveur SFTP de Chorale (mode EDI) avec son mot de passe ou avec la clé privée de l’une de ces clés publiques. La clé privée reste chez vous : ne la communiquez jamais.',
  caption: 'Clés publiques SSH enregistrées',
  empty: 'Aucune clé publique : le compte se connecte par mot de passe.',
  columns: {
    label: 'Nom',
    fingerprint: 'Empreinte',
    createdAt: 'Ajoutée le',
    lastUsedAt: 'Dernière connexion',
    actions: 'Actions',
  },
  never: 'Jamais',
  formTitle: 'Ajouter une clé publique SSH',
  publicKey: 'Clé publique SSH',
  publicKeyHint: 'La ligne entière du fichier .pub, par exemple « ssh-ed25519 AAAAC3… edi@logiciel ».',
  label: 'Nom de la clé',
  labelHint: 'Facultatif : par défaut, le commentaire de la clé.',
  submit: 'Ajouter la clé',
  added: 'La clé publique est enregistrée.',
  remove: 'Supprimer',
  removeLabel: (label: string) => `Supprimer la clé ${label}`,
  removed: 'La clé publique est supprimée : elle n’ouvre plus le compte.',
  close: 'Fermer',
};

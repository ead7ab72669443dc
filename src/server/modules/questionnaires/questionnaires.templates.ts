import type { Question } from './questionnaires.schema.ts';

/**
 * The two questionnaires ready to create from. Their text is content the school edits, written in French like the
 * school's own documents (not UI strings).
 */
export interface QuestionnaireTemplate {
  key: 'satisfaction' | 'equipment';
  title: string;
  intro: string;
  anonymous: boolean;
  audience: { publics: Array<'guardians' | 'pupils' | 'staff'> };
  questions: Question[];
}

const opt = (...labels: string[]) => labels.map((label, i) => ({ id: `o${i + 1}`, label }));
const q = (id: string, kind: Question['kind'], label: string, extra: Partial<Question> = {}): Question => ({
  id,
  kind,
  label,
  required: false,
  options: [],
  showIf: null,
  ...extra,
});

export const TEMPLATES: readonly QuestionnaireTemplate[] = [
  {
    key: 'satisfaction',
    title: 'Votre avis sur l’ENT',
    intro:
      // The form itself says that the answers are anonymous (and until when one may answer).
      'Vos réponses nous aident à améliorer l’espace numérique du collège : dites-nous ce qui vous sert et ce qui ' +
      'vous gêne.',
    anonymous: true,
    audience: { publics: ['guardians', 'pupils', 'staff'] },
    questions: [
      q('freq', 'single', 'À quelle fréquence utilisez-vous l’ENT ?', {
        required: true,
        options: opt('Tous les jours', 'Plusieurs fois par semaine', 'Moins souvent', 'Jamais'),
      }),
      q('overall', 'scale', 'Dans l’ensemble, êtes-vous satisfait de l’ENT ? (1 : pas du tout, 5 : tout à fait)', {
        required: true,
      }),
      q('ease', 'scale', 'L’ENT est-il facile à utiliser ? (1 : pas du tout, 5 : tout à fait)'),
      q('services', 'multiple', 'Quels services utilisez-vous le plus ?', {
        options: opt('Cahier de textes', 'Notes', 'Absences', 'Messagerie', 'Actualités', 'Emploi du temps'),
      }),
      q('device', 'single', 'Sur quel appareil l’utilisez-vous surtout ?', {
        options: opt('Téléphone', 'Ordinateur', 'Tablette'),
      }),
      q('improve', 'text', 'Que faudrait-il améliorer ?'),
    ],
  },
  {
    key: 'equipment',
    title: 'Équipement numérique des familles',
    intro:
      'Pour préparer l’usage de l’ENT et, si besoin, prêter du matériel, le collège souhaite connaître l’équipement ' +
      'de chaque famille. Une réponse par famille suffit.',
    anonymous: false,
    audience: { publics: ['guardians'] },
    questions: [
      q('internet', 'single', 'Avez-vous un accès à internet à la maison ?', {
        required: true,
        options: opt('Oui, une box', 'Seulement par le téléphone', 'Non'),
      }),
      q('devices', 'multiple', 'Quels appareils votre enfant peut-il utiliser à la maison ?', {
        required: true,
        options: opt('Ordinateur', 'Tablette', 'Téléphone', 'Aucun'),
      }),
      q('shared', 'single', 'Cet appareil est-il partagé avec ses frères et sœurs ?', {
        options: opt('Oui', 'Non'),
        showIf: null,
      }),
      q('printer', 'single', 'Avez-vous une imprimante ?', { options: opt('Oui', 'Non') }),
      q('email', 'single', 'Avez-vous une adresse électronique que vous consultez ?', {
        required: true,
        options: opt('Oui', 'Non'),
      }),
      q('emailHelp', 'single', 'Souhaitez-vous de l’aide pour en créer une ?', {
        options: opt('Oui', 'Non'),
        showIf: { questionId: 'email', optionId: 'o2' },
      }),
      q('comment', 'text', 'Autre chose à nous dire ?'),
    ],
  },
];

// biome-ignore-all format: hand-written name lists, kept dense to stay readable
/**
 * Hand-written name lists for the demo and benchmark data. The mix follows what a collège in
 * Seine-Saint-Denis looks like: French, Maghrebi, West and Central African, Portuguese, Tamil,
 * Turkish, Caribbean and East Asian families. Children's first names are the ones of their
 * generation; parents' first names those of theirs.
 */
export interface NamePool {
  weight: number;
  last: readonly string[];
  boys: readonly string[];
  girls: readonly string[];
  men: readonly string[];
  women: readonly string[];
}

const french: NamePool = {
  weight: 36,
  last: [
    'Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon',
    'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard',
    'André', 'Lefèvre', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Garnier',
    'Faure', 'Rousseau', 'Blanc', 'Guérin', 'Muller', 'Henry', 'Roussel', 'Nicolas', 'Perrin', 'Morin', 'Mathieu',
    'Clément', 'Gauthier', 'Dumont', 'Lopez', 'Fontaine', 'Chevalier', 'Robin', 'Masson', 'Sanchez', 'Gérard',
    'Boyer', 'Denis', 'Lemaire', 'Duval', 'Joly', 'Gautier', 'Roger', 'Roche', 'Roy', 'Noël', 'Meyer', 'Lucas',
    'Meunier', 'Perez', 'Marchand', 'Dufour', 'Blanchard', 'Barbier', 'Brun', 'Dumas', 'Brunet', 'Schmitt', 'Leroux',
    'Colin', 'Fernandez', 'Renard', 'Arnaud', 'Rolland', 'Caron', 'Aubert', 'Giraud', 'Leclerc', 'Vidal',
    'Bourgeois', 'Renaud', 'Lemoine', 'Picard', 'Gaillard', 'Lacroix', 'Fabre', 'Dupuis', 'Olivier', 'Rodriguez',
    'Le Gall', 'Le Goff', 'Hamon', 'Besnard',
  ],
  boys: [
    'Lucas', 'Hugo', 'Louis', 'Gabriel', 'Arthur', 'Jules', 'Léo', 'Raphaël', 'Nathan', 'Ethan', 'Tom', 'Noah',
    'Théo', 'Mathis', 'Enzo', 'Maël', 'Timéo', 'Sacha', 'Paul', 'Clément', 'Baptiste', 'Maxime', 'Antoine',
    'Alexandre', 'Valentin', 'Kylian', 'Evan', 'Nolan', 'Mathéo', 'Axel', 'Lenny', 'Noé', 'Killian', 'Loïc',
  ],
  girls: [
    'Emma', 'Jade', 'Louise', 'Alice', 'Chloé', 'Lina', 'Léa', 'Manon', 'Rose', 'Anna', 'Inès', 'Camille', 'Lola',
    'Zoé', 'Juliette', 'Léna', 'Sarah', 'Eva', 'Clara', 'Jeanne', 'Lucie', 'Romane', 'Margaux', 'Océane', 'Lou',
    'Mathilde', 'Agathe', 'Ambre', 'Louna', 'Maëlys', 'Lilou', 'Capucine', 'Elsa', 'Nina',
  ],
  men: [
    'Stéphane', 'Sébastien', 'Nicolas', 'Christophe', 'Frédéric', 'Laurent', 'David', 'Julien', 'Olivier', 'Thierry',
    'Éric', 'Franck', 'Jérôme', 'Cédric', 'Vincent', 'Philippe', 'Pascal', 'Arnaud', 'Fabrice', 'Grégory',
    'Guillaume', 'Mickaël', 'Yannick', 'Benoît', 'Xavier', 'Damien', 'Ludovic', 'Anthony',
  ],
  women: [
    'Nathalie', 'Sandrine', 'Isabelle', 'Stéphanie', 'Céline', 'Valérie', 'Sophie', 'Aurélie', 'Virginie', 'Karine',
    'Émilie', 'Séverine', 'Delphine', 'Laetitia', 'Caroline', 'Julie', 'Élodie', 'Sabrina', 'Audrey', 'Christelle',
    'Hélène', 'Anne', 'Claire', 'Marion', 'Vanessa', 'Cécile', 'Géraldine', 'Magali',
  ],
};

const maghrebi: NamePool = {
  weight: 20,
  last: [
    'Benali', 'Bouzid', 'Haddad', 'Belkacem', 'Mansouri', 'Cherif', 'Benaïssa', 'Saïdi', 'Hamidi', 'Brahimi',
    'Amrani', 'El Idrissi', 'Bennani', 'Ouali', 'Messaoudi', 'Zerrouki', 'Kaci', 'Meziane', 'Djebbar', 'Rahmani',
    'Boukhari', 'Aït Ahmed', 'Tahiri', 'El Amrani', 'Belhadj', 'Ferhat', 'Hamdi', 'Khelifi', 'Slimani', 'Chaouch',
    'Ben Youssef', 'Bouchareb', 'Lahlou', 'Ziani', 'Benmoussa', 'Boudjema', 'Touati', 'Hadj-Ali', 'Aouadi', 'Larbi',
    'Mebarki', 'Bensalem', 'Nasri', 'Ghezali', 'Azzouz', 'Chérifi',
  ],
  boys: [
    'Mohamed', 'Adam', 'Yanis', 'Rayan', 'Ilyes', 'Amir', 'Ayoub', 'Bilal', 'Sofiane', 'Nassim', 'Ryad', 'Mehdi',
    'Samy', 'Imrane', 'Zakaria', 'Anas', 'Ismaël', 'Walid', 'Yassine', 'Younes', 'Ilyan', 'Hamza', 'Idriss',
    'Marwane', 'Souleymane', 'Wassim',
  ],
  girls: [
    'Inès', 'Lina', 'Yasmine', 'Sarah', 'Nour', 'Amira', 'Aya', 'Meriem', 'Salma', 'Kenza', 'Imane', 'Nawel',
    'Assia', 'Ilyana', 'Sofia', 'Hiba', 'Rania', 'Maïssa', 'Soumaya', 'Lyna', 'Myriam', 'Sirine', 'Malak', 'Naïla',
    'Hajar', 'Chaïma',
  ],
  men: [
    'Mohamed', 'Ahmed', 'Karim', 'Rachid', 'Mourad', 'Farid', 'Abdelkader', 'Hakim', 'Nordine', 'Samir', 'Djamel',
    'Khaled', 'Mustapha', 'Youssef', 'Saïd', 'Kamel', 'Nabil', 'Omar', 'Hichem', 'Redouane',
  ],
  women: [
    'Fatima', 'Nadia', 'Samira', 'Malika', 'Karima', 'Leïla', 'Souad', 'Naïma', 'Rachida', 'Fatiha', 'Hayat',
    'Latifa', 'Houria', 'Zohra', 'Dalila', 'Nora', 'Sabrina', 'Farida', 'Khadija', 'Amel',
  ],
};

const westAfrican: NamePool = {
  weight: 13,
  last: [
    'Diallo', 'Traoré', 'Koné', 'Coulibaly', 'Diop', 'Ndiaye', 'Sow', 'Camara', 'Keïta', 'Cissé', 'Touré', 'Konaté',
    'Sylla', 'Bah', 'Fofana', 'Diarra', 'Sissoko', 'Dembélé', 'Kanté', 'Sangaré', 'Diakité', 'Ba', 'Fall', 'Gueye',
    'Sarr', 'Niang', 'Mbaye', 'Doumbia', 'Kouyaté', 'Soumaré', 'Kamara', 'Bamba', 'Ouattara', 'Koffi', "N'Diaye",
    'Tandia', 'Dramé', 'Gassama', 'Sakho', 'Baradji',
  ],
  boys: [
    'Moussa', 'Mamadou', 'Ibrahima', 'Aboubakar', 'Seydou', 'Oumar', 'Souleymane', 'Boubacar', 'Cheick', 'Adama',
    'Issa', 'Lamine', 'Idrissa', 'Modibo', 'Ousmane', 'Sekou', 'Bakary', 'Alassane', 'Demba', 'Djibril', 'Mahamadou',
    'Samba',
  ],
  girls: [
    'Aminata', 'Fatoumata', 'Mariam', 'Awa', 'Kadiatou', 'Hawa', 'Aïssatou', 'Fanta', 'Oumou', 'Djeneba', 'Binta',
    'Coumba', 'Ramatoulaye', 'Sokhna', 'Néné', 'Assa', 'Maïmouna', 'Salimata', 'Kadidia', 'Adja', 'Astou', 'Mariama',
  ],
  men: [
    'Mamadou', 'Moussa', 'Abdoulaye', 'Ibrahima', 'Sékou', 'Amadou', 'Boubacar', 'Lassana', 'Mahamadou',
    'Souleymane', 'Ousmane', 'Bakary', 'Samba', 'Hamidou', 'Daouda',
  ],
  women: [
    'Fatoumata', 'Aminata', 'Mariam', 'Kadiatou', 'Oumou', 'Hawa', 'Aïssata', 'Assitan', 'Ramata', 'Coumba', 'Diaba',
    'Sira', 'Mah', 'Kadia', 'Safiatou',
  ],
};

const centralAfrican: NamePool = {
  weight: 5,
  last: [
    'Mbemba', 'Nkounkou', 'Mabiala', 'Kabongo', 'Tshibangu', 'Lukusa', 'Mukendi', 'Ilunga', 'Kalonji', 'Bokolo',
    'Nsimba', 'Makiadi', 'Mputu', 'Kiala', 'Luzolo', 'Mavoungou', 'Ngoma', 'Tchicaya', 'Mbala', 'Kiese',
  ],
  boys: [
    'Glodi', 'Christ', 'Prince', 'Josué', 'Emmanuel', 'Benjamin', 'Exaucé', 'Gédéon', 'Elie', 'Samuel', 'Jonathan',
    'Daniel',
  ],
  girls: [
    'Merveille', 'Grâce', 'Divine', 'Gloire', 'Exaucée', 'Plamedi', 'Bénédicte', 'Ornella', 'Princesse', 'Naomie',
    'Esther', 'Rebecca',
  ],
  men: ['Jean-Pierre', 'Didier', 'Blaise', 'Patrice', 'Félix', 'Alain', 'Guy', 'Trésor', 'Serge', 'Fabrice'],
  women: ['Mireille', 'Nadine', 'Francine', 'Chantal', 'Solange', 'Pélagie', 'Albertine', 'Josée', 'Clarisse'],
};

const portuguese: NamePool = {
  weight: 8,
  last: [
    'Da Silva', 'Dos Santos', 'Pereira', 'Ferreira', 'Rodrigues', 'Fernandes', 'Gonçalves', 'Gomes', 'Lopes',
    'Marques', 'Alves', 'Almeida', 'Ribeiro', 'Pinto', 'Carvalho', 'Teixeira', 'Moreira', 'Correia', 'Mendes',
    'Nunes', 'Sousa', 'Vieira', 'Monteiro', 'Cardoso', 'Rocha', 'Oliveira', 'Costa', 'Martins', 'Soares', 'Fonseca',
    'De Sousa', 'Da Costa',
  ],
  boys: [
    'Tiago', 'Rafael', 'Diogo', 'Rodrigo', 'Miguel', 'Gonçalo', 'Duarte', 'Lucas', 'Tomás', 'Bruno', 'Enzo',
    'Mathéo', 'Hugo', 'Nathan', 'Lenny',
  ],
  girls: [
    'Beatriz', 'Mariana', 'Inês', 'Leonor', 'Carolina', 'Sofia', 'Ana', 'Catarina', 'Joana', 'Bianca', 'Lara',
    'Sara', 'Emma', 'Léa', 'Lisa',
  ],
  men: ['Manuel', 'José', 'António', 'Carlos', 'Paulo', 'Joaquim', 'Fernando', 'Jorge', 'Luís', 'Mário', 'Nuno'],
  women: ['Maria', 'Ana', 'Paula', 'Cristina', 'Fátima', 'Sandra', 'Isabel', 'Teresa', 'Rosa', 'Helena', 'Sónia'],
};

const tamil: NamePool = {
  weight: 4,
  last: [
    'Sivakumar', 'Rajendran', 'Balasubramaniam', 'Tharmalingam', 'Selvarajah', 'Kandiah', 'Sivanesan', 'Nadarajah',
    'Ponnuthurai', 'Jeyakumar', 'Sritharan', 'Thevarajah', 'Mahendran', 'Yogarajah', 'Vijayakumar', 'Ganesan',
    'Kanagaratnam', 'Shanmugam', 'Ravichandran', 'Arulanandam',
  ],
  boys: ['Aravind', 'Karthik', 'Vishnu', 'Sanjay', 'Nithin', 'Tharun', 'Kavin', 'Pranav', 'Rishi', 'Arjun', 'Dinesh'],
  girls: [
    'Kavya', 'Nila', 'Anjali', 'Priya', 'Sanjana', 'Tharani', 'Keerthana', 'Abinaya', 'Shalini', 'Yalini', 'Harini',
    'Vaishnavi',
  ],
  men: ['Rajan', 'Murugan', 'Suresh', 'Ganesh', 'Kumaran', 'Thayalan', 'Ramesh', 'Prakash', 'Sathees', 'Jeyam'],
  women: ['Malar', 'Vasuki', 'Shanthi', 'Jeya', 'Kala', 'Selvi', 'Sumathi', 'Rani', 'Thamarai', 'Kamala'],
};

const turkish: NamePool = {
  weight: 5,
  last: [
    'Yilmaz', 'Kaya', 'Demir', 'Sahin', 'Çelik', 'Yildiz', 'Öztürk', 'Aydin', 'Özdemir', 'Arslan', 'Dogan', 'Kiliç',
    'Aslan', 'Çetin', 'Kara', 'Koç', 'Kurt', 'Özkan', 'Simsek', 'Polat', 'Erdogan', 'Aksoy', 'Tekin', 'Karaca',
  ],
  boys: ['Emre', 'Yusuf', 'Mert', 'Burak', 'Can', 'Eren', 'Kerem', 'Efe', 'Arda', 'Berat', 'Enes', 'Baran', 'Ömer'],
  girls: ['Elif', 'Zeynep', 'Ecem', 'Melisa', 'Esra', 'Büsra', 'Defne', 'Ilayda', 'Merve', 'Sude', 'Eylül', 'Azra'],
  men: ['Mehmet', 'Mustafa', 'Ahmet', 'Ali', 'Hüseyin', 'Hasan', 'Ibrahim', 'Ismail', 'Osman', 'Murat'],
  women: ['Fatma', 'Ayse', 'Emine', 'Hatice', 'Zeynep', 'Elif', 'Meryem', 'Sultan', 'Hülya', 'Serpil'],
};

const caribbean: NamePool = {
  weight: 5,
  last: [
    'Jean-Baptiste', 'Louis-Jeune', 'Pierre-Louis', 'Joseph', 'Saint-Fleur', 'Célestin', 'Théodore', 'Alexis',
    'Dorville', 'Marie-Sainte', 'Jean-Louis', 'Belfort', 'Calixte', 'Laguerre', 'Désir', 'Rosemond', 'Pamphile',
  ],
  boys: ['Kenzo', 'Ethan', 'Jordan', 'Dylan', 'Kylian', 'Mathéo', 'Noa', 'Wesley', 'Lenny', 'Jayden', 'Timothée'],
  girls: ['Océane', 'Maëlys', 'Kimberley', 'Naomie', 'Shaïna', 'Laurie', 'Mélissa', 'Kelly', 'Anaïs', 'Maëva'],
  men: ['Jean-Claude', 'Patrick', 'Fritz', 'Joël', 'Rony', 'Gérald', 'Dominique', 'Serge', 'Wilfried', 'Ludovic'],
  women: ['Marie-Claire', 'Nadège', 'Sylvie', 'Ketty', 'Marlène', 'Rose-Marie', 'Guerline', 'Myriam', 'Josiane'],
};

const eastAsian: NamePool = {
  weight: 4,
  last: ['Nguyen', 'Tran', 'Le', 'Pham', 'Hoang', 'Vu', 'Dang', 'Chen', 'Wang', 'Zhang', 'Lin', 'Liu', 'Huang', 'Zhou'],
  boys: ['Kevin', 'Thomas', 'Minh', 'Long', 'Hao', 'Wei', 'Jason', 'Bao', 'Eric', 'Lucas', 'Alexandre'],
  girls: ['Emma', 'Linh', 'Mai', 'Lily', 'Anna', 'Jenny', 'Xin', 'Yuna', 'Chloé', 'Vy', 'Julie'],
  men: ['Duc', 'Hung', 'Tuan', 'Jian', 'Ming', 'Wei', 'Quang', 'Thanh', 'Jun', 'Hai'],
  women: ['Lan', 'Hoa', 'Thuy', 'Mei', 'Ling', 'Yan', 'Hong', 'Huong', 'Xiu', 'Ngoc'],
};

export const ORIGINS: readonly NamePool[] = [
  french,
  maghrebi,
  westAfrican,
  centralAfrican,
  portuguese,
  tamil,
  turkish,
  caribbean,
  eastAsian,
];

/** Teachers and staff: more often from the French list than families are. */
export const STAFF_ORIGINS: readonly NamePool[] = [{ ...french, weight: 60 }, ...ORIGINS.slice(1)];

/** Collège names common in Seine-Saint-Denis (the département generator combines them with towns). */
export const COLLEGE_NAMES = [
  'Jean Moulin', 'Victor Hugo', 'Jules Ferry', 'Louise Michel', 'Pablo Neruda', 'Paul Éluard', 'Jean Jaurès',
  'Romain Rolland', 'Gustave Courbet', 'Georges Politzer', 'Jacques Prévert', 'Anatole France', 'Henri Wallon',
  'Aimé Césaire', 'Pierre Curie', 'Marie Curie', 'Jean Vilar', 'Lucie Aubrac', 'Joliot-Curie', 'Robespierre',
  'Gabriel Péri', 'Travail-Langevin', 'Iqbal Masih', 'Federico García Lorca', 'Elsa Triolet', 'Colonel Fabien',
  'Pierre de Geyter', 'Honoré de Balzac', 'Jean Renoir', 'Simone Veil', 'Rosa Parks', 'Nelson Mandela',
  'Claude Debussy', 'Albert Camus', 'Alfred Sisley', 'Évariste Galois', 'René Descartes', 'Christine de Pisan',
  'Françoise Dolto', 'Olympe de Gouges', 'Jean de La Fontaine', 'Molière', 'Condorcet', 'Paul Langevin',
  'Édouard Vaillant', 'Irène Joliot-Curie', 'Camille Claudel', 'Miriam Makeba', 'Gisèle Halimi', 'Léon Jouhaux',
];

export const SEINE_SAINT_DENIS_TOWNS = [
  ['Aubervilliers', '93300'], ['Aulnay-sous-Bois', '93600'], ['Bagnolet', '93170'], ['Le Blanc-Mesnil', '93150'],
  ['Bobigny', '93000'], ['Bondy', '93140'], ['Le Bourget', '93350'], ['Clichy-sous-Bois', '93390'],
  ['La Courneuve', '93120'], ['Drancy', '93700'], ['Dugny', '93440'], ['Épinay-sur-Seine', '93800'],
  ['Gagny', '93220'], ['Les Lilas', '93260'], ['Livry-Gargan', '93190'], ['Montfermeil', '93370'],
  ['Montreuil', '93100'], ['Neuilly-Plaisance', '93360'], ['Neuilly-sur-Marne', '93330'],
  ['Noisy-le-Grand', '93160'], ['Noisy-le-Sec', '93130'], ['Pantin', '93500'], ['Les Pavillons-sous-Bois', '93320'],
  ['Pierrefitte-sur-Seine', '93380'], ['Le Pré-Saint-Gervais', '93310'], ['Le Raincy', '93340'],
  ['Romainville', '93230'], ['Rosny-sous-Bois', '93110'], ['Saint-Denis', '93200'],
  ['Saint-Ouen-sur-Seine', '93400'], ['Sevran', '93270'], ['Stains', '93240'], ['Tremblay-en-France', '93290'],
  ['Villemomble', '93250'], ['Villepinte', '93420'], ['Villetaneuse', '93430'],
] as const;

export const STREETS = [
  'rue de la République', 'avenue Jean Jaurès', 'rue Jules Ferry', 'allée des Tilleuls', 'boulevard de Strasbourg',
  'rue Paul Vaillant-Couturier', 'avenue Henri Barbusse', 'rue Danielle Casanova', 'rue du 8 Mai 1945',
  'avenue de la Résistance', 'rue Gabriel Péri', 'chemin des Vignes', 'rue Pierre Sémard', 'avenue Karl Marx',
];

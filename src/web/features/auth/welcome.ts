/** Where the activation page leaves the new login for the home page to show once. */
export const WELCOME_KEY = 'preau.welcomeLogin';

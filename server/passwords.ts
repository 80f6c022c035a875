import bcrypt from "bcryptjs";

// bcrypt cost 10: ~70 ms per check here, slow enough to make guessing expensive,
// fast enough for a sign-in and for test fixtures that create users.
const COST = 10;

export const hashPassword = (plain: string) => bcrypt.hash(plain, COST);
export const checkPassword = (plain: string, hash: string) => bcrypt.compare(plain, hash);

// Compared against when the email is unknown, so a wrong email and a wrong
// password take the same time and cannot be told apart.
export const UNKNOWN_USER_HASH = "$2b$10$heIXuo9vbzr4MOKcKNE9AO.rqodlG2BO1Y4.pfzB2U21LSkBaXCBS";

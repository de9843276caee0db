// account: register, log in, log out, session check, profile view and edit.
// Registration is the one action here that cannot merge: two PoPs must never both hand out one
// username. The users table is tagged kuhiro:consistency=central, so the edge network runs its
// conditional put at the central node; on AWS it is an ordinary conditional put.
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './lib/db.mjs';
import { badRequest, conflict, json, notFound, unauthorized } from './lib/http.mjs';
import { DECOY_HASH, hashPassword, verifyPassword } from './lib/passwords.mjs';
import { router } from './lib/router.mjs';
import { endSession, requireSession, startSession } from './lib/sessions.mjs';
import { EMAIL, USERNAME, USERNAME_HINT, findUser, publicUser } from './lib/users.mjs';
import { optionalString, requiredString } from './lib/validate.mjs';

const PASSWORD = { min: 8, max: 128 };

function profileFields(body) {
  return {
    displayName: optionalString(body, 'displayName', { min: 1, max: 60 }),
    email: optionalString(body, 'email', { max: 254, pattern: EMAIL, hint: '"email" must look like name@example.com.' }),
    address: optionalString(body, 'address', { max: 300 }),
  };
}

function usernameFrom(body) {
  const raw = requiredString(body, 'username', { max: 64 });
  // One spelling per name: "Alice" and "alice" are the same account.
  const username = raw.trim().toLowerCase();
  if (!USERNAME.test(username)) throw badRequest(USERNAME_HINT);
  return username;
}

async function register({ jsonBody }) {
  const body = jsonBody();
  const username = usernameFrom(body);
  const password = requiredString(body, 'password', PASSWORD);
  const profile = profileFields(body);
  const user = { username, ...profile, displayName: profile.displayName ?? username, createdAt: new Date().toISOString() };
  try {
    await db().send(
      new PutCommand({
        TableName: table('users'),
        Item: { ...user, passwordHash: await hashPassword(password) },
        ConditionExpression: 'attribute_not_exists(username)',
      }),
    );
  } catch (error) {
    if (error.name === 'ConditionalCheckFailedException') throw conflict(`The username "${username}" is already taken.`);
    throw error;
  }
  await createEmptyCart(username);
  return json(201, { user: publicUser(user), ...(await startSession(username)) });
}

// The cart map must exist before `SET cart.#p = :line` can write into it; creating it once here
// (rather than racing two devices to create it) keeps concurrent first adds from two PoPs merging.
async function createEmptyCart(username) {
  try {
    await db().send(
      new PutCommand({
        TableName: table('carts'),
        Item: { username, cart: {} },
        ConditionExpression: 'attribute_not_exists(username)',
      }),
    );
  } catch (error) {
    if (error.name !== 'ConditionalCheckFailedException') throw error;
  }
}

async function login({ jsonBody }) {
  const body = jsonBody();
  const username = requiredString(body, 'username', { max: 64 }).trim().toLowerCase();
  const password = requiredString(body, 'password', { max: PASSWORD.max });
  const user = USERNAME.test(username) ? await findUser(username) : undefined;
  // Hash even for an unknown user so response time does not reveal which usernames exist.
  const valid = await verifyPassword(password, user?.passwordHash ?? DECOY_HASH);
  if (!user || !valid) throw unauthorized('Incorrect username or password.');
  return json(200, { user: publicUser(user), ...(await startSession(username)) });
}

async function logout(request) {
  const session = await requireSession(request);
  await endSession(session);
  return json(200, { message: 'You are logged out.' });
}

async function sessionCheck(request) {
  const { username, expiresAt } = await requireSession(request);
  return json(200, { username, expiresAt });
}

async function viewProfile(request) {
  const { username } = await requireSession(request);
  const user = await findUser(username);
  if (!user) throw notFound('This account no longer exists.');
  return json(200, { user: publicUser(user) });
}

async function editProfile(request) {
  const { username } = await requireSession(request);
  const body = request.jsonBody();
  const fields = Object.entries(profileFields(body)).filter(([, value]) => value !== undefined);
  const unknown = Object.keys(body).filter((key) => !['displayName', 'email', 'address'].includes(key));
  if (unknown.length > 0) throw badRequest(`These fields cannot be changed here: ${unknown.join(', ')}.`);
  if (fields.length === 0) throw badRequest('Send at least one of "displayName", "email", "address".');
  const names = Object.fromEntries(fields.map(([key], i) => [`#f${i}`, key]));
  const values = Object.fromEntries(fields.map(([, value], i) => [`:v${i}`, value]));
  const assignments = fields.map((_, i) => `#f${i} = :v${i}`).join(', ');
  try {
    const { Attributes } = await db().send(
      new UpdateCommand({
        TableName: table('users'),
        Key: { username },
        UpdateExpression: `SET ${assignments}, updatedAt = :now`,
        ConditionExpression: 'attribute_exists(username)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ':now': new Date().toISOString() },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return json(200, { user: publicUser(Attributes) });
  } catch (error) {
    if (error.name === 'ConditionalCheckFailedException') throw notFound('This account no longer exists.');
    throw error;
  }
}

export const handler = router({
  'POST /register': register,
  'POST /login': login,
  'POST /logout': logout,
  'GET /session': sessionCheck,
  'GET /profile': viewProfile,
  'PATCH /profile': editProfile,
  'PUT /profile': editProfile,
});

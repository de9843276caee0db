// Sessions: a signed token (tokens.mjs) plus a row in the sessions table.
//
// The token's signature and expiry decide whether a session is valid; the row only records it
// and, after logout, marks it revoked. A missing row is therefore accepted: at the edge a shopper
// may log in at one PoP and reach another before the row has replicated there, and refusing would
// log them out. The cost is that a logout takes effect at other PoPs when its write arrives there.
// The row's `expiresAt` is the table's TTL attribute (epoch seconds, equal to the token's expiry),
// so DynamoDB removes rows once their token is useless anyway.
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { db, table } from './db.mjs';
import { unauthorized } from './http.mjs';
import { issueToken, readToken } from './tokens.mjs';

export async function startSession(username) {
  const issued = issueToken(username);
  await db().send(
    new PutCommand({
      TableName: table('sessions'),
      Item: { sessionId: issued.sid, username, createdAt: new Date().toISOString(), expiresAt: issued.exp },
    }),
  );
  return { token: issued.token, expiresAt: new Date(issued.exp * 1000).toISOString() };
}

function bearerToken(request) {
  const header = request.headers.authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return match ? match[1] : undefined;
}

/** The signed-in session of the request, or a 401. */
export async function requireSession(request) {
  const token = bearerToken(request);
  if (!token) throw unauthorized('Please log in: send "Authorization: Bearer <token>".');
  const payload = readToken(token);
  if (!payload) throw unauthorized('Your session is invalid or has expired. Please log in again.');
  const { Item } = await db().send(
    new GetCommand({ TableName: table('sessions'), Key: { sessionId: payload.sid }, ConsistentRead: true }),
  );
  if (Item?.revokedAt) throw unauthorized('You have logged out. Please log in again.');
  return { username: payload.u, sessionId: payload.sid, expiresAt: new Date(payload.exp * 1000).toISOString() };
}

/** Logout marks the row revoked (an attribute write, so it merges with the login's put at any PoP). */
export async function endSession(session) {
  await db().send(
    new UpdateCommand({
      TableName: table('sessions'),
      Key: { sessionId: session.sessionId },
      UpdateExpression: 'SET revokedAt = :now, username = :u, expiresAt = :exp',
      ExpressionAttributeValues: {
        ':now': new Date().toISOString(),
        ':u': session.username,
        ':exp': Math.floor(Date.parse(session.expiresAt) / 1000),
      },
    }),
  );
}

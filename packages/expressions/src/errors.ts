/**
 * An error DynamoDB reports as a ValidationException. `message` is AWS's exact text; the
 * API layer wraps it as `{"__type": "...#ValidationException", "message": ...}`.
 */
export class ExpressionValidationError extends Error {
  override readonly name = 'ExpressionValidationError';
  constructor(message: string) {
    super(message);
  }
}

/**
 * An input value that AWS's JSON deserializer itself refuses (a BOOL that is a string, a B
 * that is not base64, a string where a map belongs). AWS answers these with a
 * `com.amazon.coral.service#SerializationException`, not a ValidationException.
 */
export class AttributeValueSerializationError extends Error {
  override readonly name = 'AttributeValueSerializationError';
  constructor(message: string) {
    super(message);
  }
}

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';

const client = DynamoDBDocumentClient.from(new DynamoDBClient({}));

export async function handler(event: { body: string }, context: unknown) {
  const body = JSON.parse(event.body);
  // ruleid: js-nosql-injection
  const all = await client.send(new QueryCommand(body.params));
  // ok: js-nosql-injection
  const mine = await client.send(
    new QueryCommand({ TableName: 'orders', KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': body.id } }),
  );
  return { all, mine };
}

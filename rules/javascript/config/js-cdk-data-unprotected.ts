import * as cdk from 'aws-cdk-lib';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { aws_s3 as legacy } from 'aws-cdk-lib';

export class StorageStack extends cdk.Stack {
  constructor(scope: cdk.App, id: string, props?: cdk.StackProps) {
    super(scope, id, props);

    // ruleid: js-cdk-data-unprotected
    const assets = new s3.Bucket(this, 'assets');
    // ruleid: js-cdk-data-unprotected
    const logs = new s3.Bucket(this, 'logs', { versioned: true });
    // ruleid: js-cdk-data-unprotected
    const raw = new s3.Bucket(this, 'raw', { enforceSSL: true, encryption: s3.BucketEncryption.UNMANAGED });
    // ruleid: js-cdk-data-unprotected
    const old = new legacy.Bucket(this, 'old', { enforceSSL: false });
    // ok: js-cdk-data-unprotected
    const safe = new s3.Bucket(this, 'safe', { enforceSSL: true, encryption: s3.BucketEncryption.KMS_MANAGED });

    // ruleid: js-cdk-data-unprotected
    const plain = new Queue(this, 'plain', { encryption: QueueEncryption.UNENCRYPTED });
    // ok: js-cdk-data-unprotected
    const jobs = new Queue(this, 'jobs', { encryption: QueueEncryption.SQS_MANAGED });
    // ok: js-cdk-data-unprotected
    const defaults = new Queue(this, 'defaults');
    new cdk.CfnOutput(this, 'names', { value: [assets, logs, raw, old, safe, plain, jobs, defaults].length.toString() });
  }
}

import os

import boto3
from boto3 import client

ACCESS_KEY = "AKIAIOSFODNN7EXAMPLE"

# ruleid: py-aws-credentials-in-code
s3 = client("s3", aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")

# ruleid: py-aws-credentials-in-code
sqs = boto3.resource(
    "sqs",
    aws_access_key_id=ACCESS_KEY,
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
)

# ok: py-aws-credentials-in-code
dynamo = boto3.client("dynamodb", aws_access_key_id="<your key here>", aws_secret_access_key="****************")

# ok: py-aws-credentials-in-code
ses = boto3.client(
    "ses",
    aws_access_key_id=os.environ["AWS_ACCESS_KEY_ID"],
    aws_secret_access_key=os.environ["AWS_SECRET_ACCESS_KEY"],
)

"""An independent S3 client (boto3) for the storage test (tests/it/documents.rs).

    python3 tests/check_s3.py ENDPOINT create BUCKET
    python3 tests/check_s3.py ENDPOINT list BUCKET   -> JSON [{key, size, sha256}]

Credentials are the fixed test ones of the moto server the test starts.
"""
import hashlib
import json
import sys

import boto3


def client(endpoint):
    return boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )


def main():
    endpoint, command, bucket = sys.argv[1:4]
    s3 = client(endpoint)
    if command == "create":
        s3.create_bucket(Bucket=bucket)
        print("{}")
        return
    if command == "list":
        objects = []
        pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket)
        for page in pages:
            for item in page.get("Contents", []):
                body = s3.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
                objects.append(
                    {
                        "key": item["Key"],
                        "size": item["Size"],
                        "sha256": hashlib.sha256(body).hexdigest(),
                    }
                )
        # Multipart uploads left open would be objects nobody sees.
        open_uploads = s3.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        print(json.dumps({"objects": objects, "open_uploads": len(open_uploads)}))
        return
    raise SystemExit(f"unknown command {command}")


if __name__ == "__main__":
    main()

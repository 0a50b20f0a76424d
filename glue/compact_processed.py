"""Compacts one day of processed Parquet per dataset into few large files.

The processed Firehose writes many small objects under
s3://<processed>/<dataset>/dt=YYYY-MM-DD/. Once the day is closed (dt is the
arrival date, so nothing lands in yesterday's prefix after the buffer interval),
this job rewrites it as files of about --target_file_mb each, then removes the
small originals. Athena reads the prefix recursively, so readers see the same rows.

Arguments: --processed_bucket, --datasets (comma list), optional --target_date
(YYYY-MM-DD, default yesterday UTC) and --target_file_mb (default 128).
"""
import sys
from datetime import datetime, timedelta, timezone

import boto3
from awsglue.context import GlueContext
from awsglue.job import Job
from awsglue.utils import getResolvedOptions
from pyspark.context import SparkContext

REQUIRED = ["JOB_NAME", "processed_bucket", "datasets"]
OPTIONAL = {"target_date": None, "target_file_mb": "128"}


def options(argv):
    present = [name for name in OPTIONAL if f"--{name}" in argv]
    args = getResolvedOptions(argv, REQUIRED + present)
    for name, default in OPTIONAL.items():
        args.setdefault(name, default)
    if args["target_date"] is None:
        args["target_date"] = (datetime.now(timezone.utc) - timedelta(days=1)).strftime("%Y-%m-%d")
    datetime.strptime(args["target_date"], "%Y-%m-%d")  # fails fast on a bad date
    return args


def list_objects(s3, bucket, prefix):
    pages = s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix)
    return [(o["Key"], o["Size"]) for page in pages for o in page.get("Contents", [])]


def compact(glue_context, s3, bucket, dataset, day, target_mb):
    prefix = f"{dataset}/dt={day}/"
    listing = [(key, size) for key, size in list_objects(s3, bucket, prefix) if key.endswith(".parquet")]
    if len(listing) < 2:
        return 0
    originals = [key for key, _ in listing]
    total_bytes = sum(size for _, size in listing)
    files = max(1, round(total_bytes / (target_mb * 1024 * 1024)))
    frame = glue_context.create_dynamic_frame.from_options(
        connection_type="s3",
        connection_options={"paths": [f"s3://{bucket}/{key}" for key in originals]},
        format="parquet",
        transformation_ctx=f"read_{dataset}_{day}",
    )
    staging = f"_compaction/{prefix}"
    frame.toDF().coalesce(files).write.mode("overwrite").option("compression", "snappy").parquet(f"s3://{bucket}/{staging}")
    # Copy the compacted files in before deleting the originals: a reader may briefly
    # see both (duplicates), never neither (missing data).
    for key, _ in list_objects(s3, bucket, staging):
        if key.endswith(".parquet"):
            target = prefix + "compacted-" + key.rsplit("/", 1)[-1]
            s3.copy_object(Bucket=bucket, Key=target, CopySource={"Bucket": bucket, "Key": key})
        s3.delete_object(Bucket=bucket, Key=key)
    for start in range(0, len(originals), 1000):
        batch = [{"Key": key} for key in originals[start:start + 1000]]
        s3.delete_objects(Bucket=bucket, Delete={"Objects": batch, "Quiet": True})
    return len(originals)


def main(argv):
    args = options(argv)
    glue_context = GlueContext(SparkContext.getOrCreate())
    job = Job(glue_context)
    job.init(args["JOB_NAME"], args)
    s3 = boto3.client("s3")
    for dataset in filter(None, args["datasets"].split(",")):
        replaced = compact(glue_context, s3, args["processed_bucket"], dataset, args["target_date"], int(args["target_file_mb"]))
        print(f"{dataset} dt={args['target_date']}: compacted {replaced} files")
    job.commit()


if __name__ == "__main__":
    main(sys.argv)

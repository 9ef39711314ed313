"""Starting Spark, and the store's tables (retold.store.tables, derived from the migrations) as Spark schemas."""
from __future__ import annotations

import os
import shutil
import sys

from retold.errors import RetoldError
from retold.store.tables import store_columns  # the store's tables, derived from its migrations

INSTALL_HINT = "pip install 'retold[spark]'"


class SparkUnavailable(RetoldError):
    """pyspark or Java is missing: the Spark engine cannot start."""


def check_spark() -> None:
    """Fail with the install hint when pyspark or a Java runtime is missing."""
    try:
        import pyspark  # noqa: F401
    except ImportError:
        raise SparkUnavailable(f"the Spark engine needs pyspark: {INSTALL_HINT} (and Java 17)") from None
    if not os.environ.get("JAVA_HOME") and shutil.which("java") is None:
        raise SparkUnavailable("the Spark engine needs a Java runtime (Java 17): install it or set JAVA_HOME")


SHUFFLE_PARTITIONS_PER_CORE = 2  # the link's shuffles when neither the caller nor the cluster's configuration says


def start_session(master: str = "local[2]", app: str = "retold", shuffle_partitions: int | None = None,
                  extra: dict[str, str] | None = None):
    """A SparkSession whose Python workers run this interpreter (so they import this retold), UI off.

    `shuffle_partitions` (spark.sql.shuffle.partitions, the width of every shuffle of the link) is set when given;
    otherwise the cluster's own setting (spark-defaults.conf, --conf) is kept, and without one it is
    SHUFFLE_PARTITIONS_PER_CORE x the cores Spark reports (spark.default.parallelism), so the link is as wide as the
    cluster: 4 on local[2], 256 on 128 executor cores."""
    check_spark()
    from pyspark.sql import SparkSession

    # executors must run the same Python, with retold importable, as the driver
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    builder = (
        SparkSession.builder.master(master).appName(app)
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.memory", os.environ.get("RETOLD_SPARK_DRIVER_MEMORY", "2g"))
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.python.worker.reuse", "true")
        .config("spark.python.daemon.module", "retold.spark.daemon")
    )
    if shuffle_partitions is not None:
        if shuffle_partitions < 1:
            raise RetoldError(f"shuffle partitions: {shuffle_partitions}; give at least 1")
        builder = builder.config("spark.sql.shuffle.partitions", str(shuffle_partitions))
    for key, value in (extra or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    if shuffle_partitions is None and not session.sparkContext.getConf().contains("spark.sql.shuffle.partitions"):
        # Spark's own default (200) is too many tasks on a laptop and too few on a large cluster
        session.conf.set("spark.sql.shuffle.partitions", str(shuffle_partitions_for(session)))
    return session


def shuffle_partitions_for(session) -> int:
    """SHUFFLE_PARTITIONS_PER_CORE x the cores Spark reports for the session (at least 1)."""
    return max(1, SHUFFLE_PARTITIONS_PER_CORE * session.sparkContext.defaultParallelism)


def rows_frame(spark, rows, schema):
    """A DataFrame of the rows of one of the link's internal Python steps (an RDD of tuples) under `schema`.

    Not checked row by row in Python (`verifySchema`): that walks every element of every array and map, a large share
    of such a step's time. Unchecked, a value of the wrong type becomes null rather than an error, so this is only for
    steps whose values retold's own arithmetic makes with fixed types; rows written to the store's tables are checked."""
    return spark.createDataFrame(rows, schema, verifySchema=False)


def spark_type(kind: str):
    """The Spark type of a DuckDB column type."""
    from pyspark.sql import types

    if kind.endswith("[]"):
        return types.ArrayType(spark_type(kind[:-2]))
    simple = {"VARCHAR": types.StringType(), "INTEGER": types.IntegerType(), "BIGINT": types.LongType(),
              "DOUBLE": types.DoubleType(), "BOOLEAN": types.BooleanType(), "TIMESTAMP": types.TimestampType()}
    if kind not in simple:
        raise RetoldError(f"no Spark type for the store's column type {kind}")
    return simple[kind]


def table_schema(table: str):
    """The Spark schema of one store table: same columns, same order, matching types."""
    from pyspark.sql import types

    return types.StructType([types.StructField(name, spark_type(kind), True) for name, kind in store_columns()[table]])

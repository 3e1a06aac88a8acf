"""Scale-out: process a sharded archive on a dask cluster, then load the results.

- `shards.process_shard`: one task = one input shard, read, cleaned and
  extracted in memory (no database), written as two Parquet files.
- `dask_engine.run_dask`: fans the shards out over a dask.distributed cluster
  (or a LocalCluster) and collects the per-shard reports.
- `load.load_shards`: imports the Parquet shards into the database in input
  order, so the stored result equals a single-process `chronicler run`.
- `prefilter.PrefilterPipeline`: the optional "parse only candidate
  sentences" pipeline (config `{"prefilter": true}`).
"""

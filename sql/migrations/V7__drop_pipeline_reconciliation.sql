-- The two-dataset view pipeline_reconciliation is replaced by one view per dataset
-- (access_logs_reconciliation, turbine_telemetry_reconciliation, V5 and V6), each
-- created by its dataset's own migration. A combined view would be one more file
-- to edit for every new dataset; the per-dataset views have the same columns
-- (dataset first), so `SELECT * FROM a UNION ALL SELECT * FROM b` combines them.
-- R__analysis_views.sql no longer creates it; a deployment that applied the
-- earlier R__ still has it, hence the drop. A view holds no data.
DROP VIEW IF EXISTS ${database}.pipeline_reconciliation;

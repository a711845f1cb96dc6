-- tp journal schema, version 4: the model behind a decision.
--
-- A strategy with a trained model (tp-predict(1) MODELS) decides with the
-- newest version of its model directory; each decision keeps that
-- version's number, so that a report can tell a model's decisions apart
-- from its retrained successor's.  NULL for decisions of rules alone.
ALTER TABLE decisions ADD COLUMN model_version INTEGER;

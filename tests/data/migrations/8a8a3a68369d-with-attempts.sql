-- A database as the first migration (8a8a3a68369d) made it, with two attempts in it: one finished,
-- one in progress. Made once by tests/test_migrations.py (first_revision + fill_first_revision) and
-- frozen: it stands for databases already in use. Never regenerate it after adding a migration.
BEGIN TRANSACTION;
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('8a8a3a68369d');
CREATE TABLE attempt (
	id INTEGER NOT NULL, 
	public_id VARCHAR(32) NOT NULL, 
	learner_id INTEGER NOT NULL, 
	bank_id VARCHAR(200) NOT NULL, 
	bank_title VARCHAR(300) NOT NULL, 
	mode VARCHAR(16) NOT NULL, 
	seed INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	finished_at DATETIME, 
	points FLOAT, 
	max_points FLOAT NOT NULL, 
	CONSTRAINT pk_attempt PRIMARY KEY (id), 
	CONSTRAINT fk_attempt_learner_id_learner FOREIGN KEY(learner_id) REFERENCES learner (id)
);
INSERT INTO "attempt" VALUES(1,'finishedAttempt01',1,'every-type','Every type','exam',7,'2026-01-15 10:00:00.000000','2026-01-15 10:00:00.000000',3.0,5.0);
INSERT INTO "attempt" VALUES(2,'openAttempt00001',1,'every-type','Every type','exam',7,'2026-01-15 10:00:00.000000',NULL,NULL,5.0);
CREATE TABLE attempt_item (
	id INTEGER NOT NULL, 
	attempt_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	version_hash VARCHAR(64) NOT NULL, 
	CONSTRAINT pk_attempt_item PRIMARY KEY (id), 
	CONSTRAINT fk_attempt_item_attempt_id_attempt FOREIGN KEY(attempt_id) REFERENCES attempt (id) ON DELETE CASCADE, 
	CONSTRAINT fk_attempt_item_version_hash_question_version FOREIGN KEY(version_hash) REFERENCES question_version (hash), 
	CONSTRAINT uq_attempt_item_attempt_id_position UNIQUE (attempt_id, position)
);
INSERT INTO "attempt_item" VALUES(1,1,1,'tf-cart','40ea8ba1d041f8b6080bfaf90fe3704806ee3af1484cac147850d355a105d773');
INSERT INTO "attempt_item" VALUES(2,1,2,'single-pd1','36900e3971867d593ee9693ffba29f276e1aa77576c9f2705ba64e237bc9c3cf');
INSERT INTO "attempt_item" VALUES(3,1,3,'numeric-domains','52b58acc9ef1f2cd7e55b49a00fdd7a46b109f4f39fd64c11dca00569a4ea3df');
INSERT INTO "attempt_item" VALUES(4,1,4,'short-target','86e71d7a694a8755d80b57fdb527ef84138a9c5ed26f072efd7e9a9f2c761bfb');
INSERT INTO "attempt_item" VALUES(5,2,1,'tf-cart','40ea8ba1d041f8b6080bfaf90fe3704806ee3af1484cac147850d355a105d773');
INSERT INTO "attempt_item" VALUES(6,2,2,'single-pd1','36900e3971867d593ee9693ffba29f276e1aa77576c9f2705ba64e237bc9c3cf');
INSERT INTO "attempt_item" VALUES(7,2,3,'numeric-domains','52b58acc9ef1f2cd7e55b49a00fdd7a46b109f4f39fd64c11dca00569a4ea3df');
INSERT INTO "attempt_item" VALUES(8,2,4,'short-target','86e71d7a694a8755d80b57fdb527ef84138a9c5ed26f072efd7e9a9f2c761bfb');
CREATE TABLE learner (
	id INTEGER NOT NULL, 
	token VARCHAR(64) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_learner PRIMARY KEY (id)
);
INSERT INTO "learner" VALUES(1,'migration-test-learner-token','2026-01-15 10:00:00.000000');
CREATE TABLE question_version (
	hash VARCHAR(64) NOT NULL, 
	bank_id VARCHAR(200) NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	data JSON NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_question_version PRIMARY KEY (hash)
);
INSERT INTO "question_version" VALUES('36900e3971867d593ee9693ffba29f276e1aa77576c9f2705ba64e237bc9c3cf','every-type','single-pd1','{"id": "single-pd1", "type": "single", "prompt": "Which drug blocks **PD-1**?", "explanation": "Nivolumab is an anti-PD-1 antibody.", "topic": "Testing", "tags": [], "difficulty": "easy", "points": 1, "source": "checkpoint-inhibitors", "choices": [{"text": "Nivolumab", "correct": true, "feedback": ""}, {"text": "Ipilimumab", "correct": false, "feedback": "Ipilimumab blocks CTLA-4."}, {"text": "Rituximab", "correct": false, "feedback": ""}]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('b81ff2a97da9078f7949fd21ae736ca766c309e6488f7882f808970aa200f9af','every-type','multiple-checkpoints','{"id": "multiple-checkpoints", "type": "multiple", "prompt": "Which of these are immune checkpoint receptors on T cells?", "explanation": "PD-1, CTLA-4 and LAG-3 are inhibitory receptors on T cells; CD20 is a B-cell marker.", "topic": "Checkpoints", "tags": [], "difficulty": null, "points": 1, "source": "", "choices": [{"text": "PD-1", "correct": true, "feedback": ""}, {"text": "CTLA-4", "correct": true, "feedback": ""}, {"text": "CD20", "correct": false, "feedback": ""}, {"text": "HER2", "correct": false, "feedback": ""}]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('40ea8ba1d041f8b6080bfaf90fe3704806ee3af1484cac147850d355a105d773','every-type','tf-cart','{"id": "tf-cart", "type": "true_false", "prompt": "CAR T cells are made from the patient''s own T cells in the approved products.", "explanation": "The approved CAR T products are autologous.", "topic": "Testing", "tags": [], "difficulty": null, "points": 1, "source": "", "answer": true}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('86e71d7a694a8755d80b57fdb527ef84138a9c5ed26f072efd7e9a9f2c761bfb','every-type','short-target','{"id": "short-target", "type": "short", "prompt": "Name the B-cell antigen most approved CAR T products target.", "explanation": "CD19 is on most B-cell cancers.", "topic": "Testing", "tags": [], "difficulty": null, "points": 1, "source": "", "answers": [{"text": "CD19", "credit": 1}, {"text": "^cd[- ]?19$", "credit": 1, "regex": true}, {"text": "CD20", "credit": 0.5, "feedback": "Close, but rituximab targets CD20."}]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('52b58acc9ef1f2cd7e55b49a00fdd7a46b109f4f39fd64c11dca00569a4ea3df','every-type','numeric-domains','{"id": "numeric-domains", "type": "numeric", "prompt": "How many costimulatory domains does a second-generation CAR contain?", "explanation": "Second-generation CARs add one costimulatory domain (CD28 or 4-1BB).", "topic": "Testing", "tags": [], "difficulty": null, "points": 2, "source": "", "value": 1, "tolerance": 0, "alternatives": [{"value": 2, "tolerance": 0, "credit": 0.5}]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('1fc4998b1bb64060c86d3520230efaa7996f1a047f278739891f96295f432174','every-type','matching-drugs','{"id": "matching-drugs", "type": "matching", "prompt": "Match each drug with its target.", "explanation": "Nivolumab targets PD-1, ipilimumab CTLA-4, atezolizumab PD-L1.", "topic": "Testing", "tags": [], "difficulty": null, "points": 1, "source": "", "pairs": [["Nivolumab", "PD-1"], ["Ipilimumab", "CTLA-4"], ["Atezolizumab", "PD-L1"]], "distractors": ["CD20"]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('b2cd16cdeac8eff3e68fec615bb148c51e40bb70dda8dc66e2ca82a18299b572','every-type','ordering-cart','{"id": "ordering-cart", "type": "ordering", "prompt": "Put the steps of making CAR T cells in order.", "explanation": "Cells are collected, engineered, expanded, then infused after lymphodepletion.", "topic": "Testing", "tags": [], "difficulty": null, "points": 1, "source": "", "items": ["Leukapheresis", "Gene transfer", "Expansion", "Infusion"]}','2026-01-15 10:00:00.000000');
INSERT INTO "question_version" VALUES('57a437b08fd21bd05adaf2526f25c3c652349aca506ff61799dac43bf735cb89','every-type','cloze-cart','{"id": "cloze-cart", "type": "cloze", "prompt": "CAR T cells recognise {{1}} on B cells and can cause {{2}} release syndrome.", "explanation": "CD19 is the usual target; cytokine release syndrome is the main toxicity.", "topic": "Testing", "tags": [], "difficulty": null, "points": 1, "source": "", "blanks": [{"answers": [{"text": "CD19", "credit": 1}], "choices": ["CD19", "CD3", "CD8"]}, {"answers": [{"text": "cytokine", "credit": 1}]}]}','2026-01-15 10:00:00.000000');
CREATE TABLE response (
	id INTEGER NOT NULL, 
	attempt_id INTEGER NOT NULL, 
	position INTEGER NOT NULL, 
	question_id VARCHAR(100) NOT NULL, 
	version_hash VARCHAR(64) NOT NULL, 
	answer JSON NOT NULL, 
	fraction FLOAT NOT NULL, 
	points FLOAT NOT NULL, 
	max_points FLOAT NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	created_at DATETIME NOT NULL, 
	CONSTRAINT pk_response PRIMARY KEY (id), 
	CONSTRAINT fk_response_attempt_id_attempt FOREIGN KEY(attempt_id) REFERENCES attempt (id) ON DELETE CASCADE, 
	CONSTRAINT fk_response_version_hash_question_version FOREIGN KEY(version_hash) REFERENCES question_version (hash), 
	CONSTRAINT uq_response_attempt_id_question_id UNIQUE (attempt_id, question_id)
);
INSERT INTO "response" VALUES(1,1,1,'tf-cart','40ea8ba1d041f8b6080bfaf90fe3704806ee3af1484cac147850d355a105d773','true',1.0,1.0,1.0,'correct','2026-01-15 10:00:00.000000');
INSERT INTO "response" VALUES(2,1,2,'single-pd1','36900e3971867d593ee9693ffba29f276e1aa77576c9f2705ba64e237bc9c3cf',0,1.0,1.0,1.0,'correct','2026-01-15 10:00:00.000000');
INSERT INTO "response" VALUES(3,1,3,'numeric-domains','52b58acc9ef1f2cd7e55b49a00fdd7a46b109f4f39fd64c11dca00569a4ea3df',2,0.5,1.0,2.0,'partial','2026-01-15 10:00:00.000000');
INSERT INTO "response" VALUES(4,2,1,'tf-cart','40ea8ba1d041f8b6080bfaf90fe3704806ee3af1484cac147850d355a105d773','false',0.0,0.0,1.0,'incorrect','2026-01-15 10:00:00.000000');
CREATE UNIQUE INDEX ix_learner_token ON learner (token);
CREATE INDEX ix_question_version_bank_question ON question_version (bank_id, question_id);
CREATE INDEX ix_attempt_learner_created ON attempt (learner_id, created_at);
CREATE UNIQUE INDEX ix_attempt_public_id ON attempt (public_id);
CREATE INDEX ix_response_version_hash ON response (version_hash);
COMMIT;

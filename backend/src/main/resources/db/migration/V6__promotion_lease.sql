-- Which Slipway instance drives a promotion now: with several replicas on one database, a
-- promotion's steps run in one of them only. An instance claims a promotion with a conditional
-- UPDATE (free, expired or already its own), renews the lease while its run lasts and clears it
-- when the run ends; a crashed instance's lease simply expires and another one resumes it.
ALTER TABLE promotion ADD COLUMN lease_owner VARCHAR(100);
ALTER TABLE promotion ADD COLUMN lease_expires_at TIMESTAMP WITH TIME ZONE;

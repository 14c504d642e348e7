-- Change requests that live on a forge (slipway.forge.type github, gitlab or gitea): Slipway keeps
-- a row per pull (merge) request it opened, so /change-requests lists them with a link to the
-- forge and follows their state. All these columns are NULL for Slipway's own change requests.

-- the forge's key as slipway.forge.type spells it: github, gitlab or gitea
ALTER TABLE change_request ADD COLUMN forge VARCHAR(16);
-- the repository as slipway.forge.repository named it: pull request numbers are per repository
ALTER TABLE change_request ADD COLUMN forge_repository VARCHAR(255);
-- what the forge client takes to find the pull request again (today its number as text)
ALTER TABLE change_request ADD COLUMN forge_id VARCHAR(64);
-- the number people know it by: #12 on GitHub and Gitea, !12 on GitLab
ALTER TABLE change_request ADD COLUMN forge_number INTEGER;
-- the pull request's page in the forge's web UI
ALTER TABLE change_request ADD COLUMN forge_url VARCHAR(1000);

-- one row per pull request of a forge (NULLs never collide on either database)
ALTER TABLE change_request ADD CONSTRAINT change_request_forge_pull UNIQUE (forge, forge_repository, forge_id);

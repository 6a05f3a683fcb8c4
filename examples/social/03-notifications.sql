-- The follow graph as a changelog table keyed by the pair: a follow upserts (follower, followee), an
-- unfollow deletes it. The demo's producer (src/cli/demo-follows.ts) turns the follow and unfollow
-- actions into these changes, as a service would send them over the websocket or HTTP:
--   {"follower": 7, "followee": 42}              follow (following again changes nothing)
--   {"op": "-D", "follower": 7, "followee": 42}  unfollow
CREATE TABLE follows (
  follower BIGINT NOT NULL,
  followee BIGINT NOT NULL,
  PRIMARY KEY (follower, followee) NOT ENFORCED
) WITH (connector = 'websocket', format = 'json');

-- Notifications: for each post or share, one row per current follower of its author (a regular join of
-- the action stream with the follow graph's changelog). A later follow adds the rows for the author's
-- posts, an unfollow retracts them (-D), so the view always holds what each follower should see.
CREATE VIEW notifications AS
SELECT f.follower AS recipient, a.user_id AS author, a.action, a.item_id, a.ts
FROM actions a
JOIN follows f ON f.followee = a.user_id
WHERE a.action IN ('post', 'share');

-- The follow graph as a changelog table: (follower, followee) is in it while the pair's latest
-- follow/unfollow action is a follow. A follow inserts a row (+I), an unfollow deletes it (-D).
CREATE VIEW follows AS
SELECT user_id AS follower, item_id AS followee
FROM actions
WHERE action IN ('follow', 'unfollow')
GROUP BY user_id, item_id
HAVING MAX(ts) FILTER (WHERE action = 'follow') > COALESCE(MAX(ts) FILTER (WHERE action = 'unfollow'), TIMESTAMP '1970-01-01 00:00:00');

-- Notifications: for each post or share, one row per current follower of its author (a regular join of
-- the action stream with the follow graph). A later follow adds the rows for the author's posts, an
-- unfollow retracts them (-D), so the view always holds what each follower should see.
CREATE VIEW notifications AS
SELECT f.follower AS recipient, a.user_id AS author, a.action, a.item_id, a.ts
FROM actions a
JOIN follows f ON f.followee = a.user_id
WHERE a.action IN ('post', 'share');

-- Views a notification / recommendation service would run.

-- How many of each action, per 10-second tumbling window.
CREATE VIEW actions_per_type AS
SELECT action, window_start, window_end, COUNT(*) AS actions, COUNT(DISTINCT user_id) AS users
FROM TABLE(TUMBLE(TABLE actions, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY action, window_start, window_end;

-- Trending items: engagement over the last minute, updated every 10 seconds (slide first, then size).
CREATE VIEW trending_items AS
SELECT item_id, window_start, window_end, COUNT(*) AS engagement, COUNT(DISTINCT user_id) AS users
FROM TABLE(HOP(TABLE actions, DESCRIPTOR(ts), INTERVAL '10' SECOND, INTERVAL '1' MINUTE))
WHERE action IN ('like', 'comment', 'share')
GROUP BY item_id, window_start, window_end
HAVING COUNT(*) >= 25;

-- Activity bursts: a user doing a lot in 10 seconds would get a "you're on fire" notification.
CREATE VIEW activity_bursts AS
SELECT user_id, window_start, window_end, COUNT(*) AS actions,
       COUNT(*) FILTER (WHERE action = 'post') AS posts
FROM TABLE(TUMBLE(TABLE actions, DESCRIPTOR(ts), INTERVAL '10' SECOND))
GROUP BY user_id, window_start, window_end
HAVING COUNT(*) >= 40;

-- The social-media platform's stream of user actions: post, like, comment, share, follow, unfollow
-- (for follow and unfollow, item_id is the id of the user followed).
-- A built-in generator (connector 'datagen') plays it live; some events arrive up to 3 s out of order,
-- and a few later than the watermark allows, so the late-rows table has something to show.
CREATE SOURCE actions (
  user_id BIGINT NOT NULL,
  action  VARCHAR NOT NULL,
  item_id BIGINT NOT NULL,
  ts      TIMESTAMP(3) NOT NULL,
  WATERMARK FOR ts AS ts - INTERVAL '2' SECOND
) WITH (
  connector = 'datagen',
  rows_per_second = 300,
  'fields.user_id.min' = 1, 'fields.user_id.max' = 5000, 'fields.user_id.distribution' = 'zipf',
  'fields.action.values' = 'like:60,comment:15,share:8,post:7,follow:8,unfollow:2',
  'fields.item_id.min' = 1, 'fields.item_id.max' = 1000, 'fields.item_id.distribution' = 'zipf',
  'fields.ts.max_past' = '3s'
);

-- Delivered messages are kept for hutong.interconn.outbox.retention, then deleted oldest first.
create index bfia_outbox_delivered on bfia_outbox (delivered_at) where delivered_at is not null;

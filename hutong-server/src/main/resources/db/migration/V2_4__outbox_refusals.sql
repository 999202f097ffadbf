-- Refusals (the peer answered, with an error) among a message's attempts: a message is given up
-- after hutong.interconn.outbox.give-up-after of them, while a peer that does not answer is
-- waited for without end.
alter table bfia_outbox add column refusals int not null default 0;

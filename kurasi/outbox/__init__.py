"""The outbox: every message Kurasi means to deliver to a producer, with its channel and what
really happened to it (emailed, bounced, waiting to be sent by WhatsApp or printed, cannot reach).

Producers mostly have a phone with WhatsApp and no email; Kurasi has no WhatsApp API account, so
a WhatsApp message waits in the office's worklist until an officer sends it from their own phone
and marks it sent. Nothing is ever shown as sent without a delivery: an email counts once the
mail server took it, a WhatsApp or printed message once a named officer says so.
"""

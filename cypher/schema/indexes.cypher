// Range indexes for time windows and the BNPL filters used by detection and saved queries.
CREATE INDEX order_created_at IF NOT EXISTS FOR (n:Order) ON (n.created_at);
CREATE INDEX order_payment_method IF NOT EXISTS FOR (n:Order) ON (n.payment_method);
CREATE INDEX merchant_name IF NOT EXISTS FOR (n:Merchant) ON (n.name);
// The audit trail is read by the audited entity's id (auditLog(targetId)).
CREATE INDEX audit_entry_target_id IF NOT EXISTS FOR (n:AuditEntry) ON (n.target_id);
// Alerts are listed newest first, optionally of one rule.
CREATE INDEX alert_created_at IF NOT EXISTS FOR (n:Alert) ON (n.created_at);
CREATE INDEX alert_rule IF NOT EXISTS FOR (n:Alert) ON (n.rule);

-- One database per service: no service reads another's tables.
CREATE DATABASE roster;
CREATE DATABASE notifier;
CREATE DATABASE audit;

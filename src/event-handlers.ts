/**
 * Every module's event handlers, registered by importing them. The worker imports this file
 * before it starts consuming the events queue; add one import per module that handles events.
 */
import "./modules/notifications/events";
import "./modules/homework/events";
import "./modules/gamification/events";
import "./modules/exports/events";

export { OrganisationService, type NewUnit, type NewPerson } from './organisation.service';

// The public face of the field rules: import from 'core/rules', never from the files inside,
// so there is one place to look for what a valid CNIC, phone or date is.
export * from './field-rules';
export * from './rule-decorators';
export * from './date-rules';
export * from './date-rule-decorators';

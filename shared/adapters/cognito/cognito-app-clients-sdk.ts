/*
 * The parts of the Cognito SDK the court credentials adapter uses, named one by one so the bundler
 * keeps only these (a namespace import would keep every command's serializers), and imported
 * lazily by the adapter so the HTTP function's cold start does not evaluate them.
 */
export {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cognito-identity-provider';

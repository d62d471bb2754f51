/*
 * The parts of the Cognito SDK the platform's administrative adapters use (courts' app clients,
 * staff accounts), named one by one so the bundler keeps only these (a namespace import would keep
 * every command's serializers), and imported lazily (cognito-admin-client.ts) so the HTTP
 * function's cold start does not evaluate them.
 */
export {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminGetUserCommand,
  AdminListGroupsForUserCommand,
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  DeleteUserPoolClientCommand,
  ResourceNotFoundException,
  UsernameExistsException,
} from '@aws-sdk/client-cognito-identity-provider';

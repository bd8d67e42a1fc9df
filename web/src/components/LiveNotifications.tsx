import { useSubscription } from '@apollo/client/react';
import { graphql } from '../gql';

const MyNotifications = graphql(`
  subscription LiveNotifications {
    myNotifications { id title }
  }
`);

/** Announces each notification as it arrives to screen readers (the home page lists them). */
export function LiveNotifications() {
  const { data } = useSubscription(MyNotifications);
  return <div aria-live="polite">{data?.myNotifications.title ?? ''}</div>;
}

import { createBrowserRouter, Navigate } from 'react-router';
import type * as EventOrganiserModule from './routes/event-organiser';
import type * as ManagePagesModule from './routes/manage';
import { AppLayout } from './routes/app-layout';
import { EventPage } from './routes/event';
import { EventsPage } from './routes/events';
import { ChannelPage } from './routes/channel';
import { HomePage } from './routes/home';
import { LoginPage, RegisterPage } from './routes/auth';
import { MemberPage, MembersPage } from './routes/members';
import { MessagePage } from './routes/message';
import { NotFoundPage } from './routes/not-found';
import { NotificationSettingsPage, ProfileSettingsPage, SettingsLayout } from './routes/settings';
import { ThemePage } from './routes/theme';
import { ThemesPage } from './routes/themes';
import { AccountSettingsPage } from './routes/settings-account';

type ManagePages = typeof ManagePagesModule;
type EventOrganiserPages = typeof EventOrganiserModule;

async function managePage(name: keyof ManagePages) {
  const pages = await import('./routes/manage');
  return { Component: pages[name] };
}

async function organiserPage(name: keyof EventOrganiserPages) {
  const pages = await import('./routes/event-organiser');
  return { Component: pages[name] };
}

/**
 * Paths are a contract: mails and other clients link to them (`/messages/<id>`, `/themes/<slug>`; the
 * events, directory and settings pages of the next issue go under the same layout).
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  {
    element: <AppLayout />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'themes', element: <ThemesPage /> },
      { path: 'themes/:slug', element: <ThemePage /> },
      { path: 'themes/:slug/:channelSlug', element: <ChannelPage /> },
      { path: 'messages/:id', element: <MessagePage /> },
      { path: 'events', element: <EventsPage /> },
      { path: 'events/:id', element: <EventPage /> },
      // The organisers' screens, like the managing ones, load on first use.
      { path: 'events/new', lazy: () => organiserPage('NewEventPage') },
      { path: 'events/:id/edit', lazy: () => organiserPage('EditEventPage') },
      { path: 'events/:id/attendees', lazy: () => organiserPage('AttendeesPage') },
      { path: 'events/:id/check-in', lazy: () => organiserPage('CheckInPage') },
      // The managing screens are few people's: loaded on first use, outside the first-load budget.
      { path: 'manage', lazy: () => managePage('ManageHubPage') },
      { path: 'manage/themes/new', lazy: () => managePage('ManageNewThemePage') },
      { path: 'manage/themes/:slug', lazy: () => managePage('ManageThemePage') },
      { path: 'manage/members', lazy: () => managePage('ManageMembersPage') },
      { path: 'manage/digests', lazy: () => managePage('ManageDigestsPage') },
      { path: 'manage/invitations', lazy: () => managePage('ManageInvitationsPage') },
      { path: 'members', element: <MembersPage /> },
      { path: 'members/:id', element: <MemberPage /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          { path: 'profile', element: <ProfileSettingsPage /> },
          { path: 'notifications', element: <NotificationSettingsPage /> },
          { path: 'account', element: <AccountSettingsPage /> },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

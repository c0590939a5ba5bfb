import type { ComponentType } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './routes/app-layout';
import { EventPage } from './routes/event';
import { EventsPage } from './routes/events';
import { ChannelPage } from './routes/channel';
import { HomePage } from './routes/home';
import { LoginPage, RegisterPage } from './routes/auth';
import { MessagePage } from './routes/message';
import { NotFoundPage } from './routes/not-found';
import { ThemePage } from './routes/theme';
import { ThemesPage } from './routes/themes';

/**
 * A page that loads on first use: its module is a chunk of its own, outside the first-load budget (the
 * chat is what most visits are for; settings, the directory and the organisers' screens can wait a moment).
 */
function lazyPage<M>(load: () => Promise<M>, name: keyof M) {
  return async () => ({ Component: (await load())[name] as ComponentType });
}
const organiserPages = () => import('./routes/event-organiser');
const managePages = () => import('./routes/manage');
const memberPages = () => import('./routes/members');
const settingsPages = () => import('./routes/settings');
const accountPages = () => import('./routes/account');
const kpiPages = () => import('./routes/kpis');

/**
 * Paths are a contract: mails and other clients link to them (`/messages/<id>`, `/themes/<slug>`; the
 * events, directory and settings pages of the next issue go under the same layout).
 */
export const router = createBrowserRouter([
  { path: '/login', element: <LoginPage /> },
  { path: '/register', element: <RegisterPage /> },
  { path: '/verify-email', lazy: lazyPage(accountPages, 'VerifyEmailPage') },
  { path: '/reset-password', lazy: lazyPage(accountPages, 'ResetPasswordPage') },
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
      { path: 'events/new', lazy: lazyPage(organiserPages, 'NewEventPage') },
      { path: 'events/:id/edit', lazy: lazyPage(organiserPages, 'EditEventPage') },
      { path: 'events/:id/attendees', lazy: lazyPage(organiserPages, 'AttendeesPage') },
      { path: 'events/:id/check-in', lazy: lazyPage(organiserPages, 'CheckInPage') },
      { path: 'manage', lazy: lazyPage(managePages, 'ManageHubPage') },
      { path: 'manage/themes/new', lazy: lazyPage(managePages, 'ManageNewThemePage') },
      { path: 'manage/themes/:slug', lazy: lazyPage(managePages, 'ManageThemePage') },
      { path: 'manage/members', lazy: lazyPage(managePages, 'ManageMembersPage') },
      { path: 'manage/digests', lazy: lazyPage(managePages, 'ManageDigestsPage') },
      { path: 'manage/invitations', lazy: lazyPage(managePages, 'ManageInvitationsPage') },
      { path: 'admin/kpis', lazy: lazyPage(kpiPages, 'KpisPage') },
      { path: 'members', lazy: lazyPage(memberPages, 'MembersPage') },
      { path: 'members/:id', lazy: lazyPage(memberPages, 'MemberPage') },
      {
        path: 'settings',
        lazy: lazyPage(settingsPages, 'SettingsLayout'),
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          { path: 'profile', lazy: lazyPage(settingsPages, 'ProfileSettingsPage') },
          { path: 'notifications', lazy: lazyPage(settingsPages, 'NotificationSettingsPage') },
          { path: 'account', lazy: lazyPage(accountPages, 'AccountSettingsPage') },
        ],
      },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
